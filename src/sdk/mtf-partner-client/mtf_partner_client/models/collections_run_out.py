from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="CollectionsRunOut")



@_attrs_define
class CollectionsRunOut:
    """ 
        Attributes:
            as_of (datetime.date):
            cases_closed (int):
            cases_opened (int):
            created_at (datetime.datetime):
            id (str):
            overdue_invoices (int):
            reminders (int):
            resumptions (int):
            suspensions (int):
            terminations_proposed (int):
            passes (int | Unset):  Default: 1.
     """

    as_of: datetime.date
    cases_closed: int
    cases_opened: int
    created_at: datetime.datetime
    id: str
    overdue_invoices: int
    reminders: int
    resumptions: int
    suspensions: int
    terminations_proposed: int
    passes: int | Unset = 1
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        cases_closed = self.cases_closed

        cases_opened = self.cases_opened

        created_at = self.created_at.isoformat()

        id = self.id

        overdue_invoices = self.overdue_invoices

        reminders = self.reminders

        resumptions = self.resumptions

        suspensions = self.suspensions

        terminations_proposed = self.terminations_proposed

        passes = self.passes


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "as_of": as_of,
            "cases_closed": cases_closed,
            "cases_opened": cases_opened,
            "created_at": created_at,
            "id": id,
            "overdue_invoices": overdue_invoices,
            "reminders": reminders,
            "resumptions": resumptions,
            "suspensions": suspensions,
            "terminations_proposed": terminations_proposed,
        })
        if passes is not UNSET:
            field_dict["passes"] = passes

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))




        cases_closed = d.pop("cases_closed")

        cases_opened = d.pop("cases_opened")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        id = d.pop("id")

        overdue_invoices = d.pop("overdue_invoices")

        reminders = d.pop("reminders")

        resumptions = d.pop("resumptions")

        suspensions = d.pop("suspensions")

        terminations_proposed = d.pop("terminations_proposed")

        passes = d.pop("passes", UNSET)

        collections_run_out = cls(
            as_of=as_of,
            cases_closed=cases_closed,
            cases_opened=cases_opened,
            created_at=created_at,
            id=id,
            overdue_invoices=overdue_invoices,
            reminders=reminders,
            resumptions=resumptions,
            suspensions=suspensions,
            terminations_proposed=terminations_proposed,
            passes=passes,
        )


        collections_run_out.additional_properties = d
        return collections_run_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
