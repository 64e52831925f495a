from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="CaseOpenedV1")



@_attrs_define
class CaseOpenedV1:
    """ 
        Attributes:
            case_id (UUID):
            client_id (UUID):
            days_past_due (int):
            opened_on (datetime.date):
     """

    case_id: UUID
    client_id: UUID
    days_past_due: int
    opened_on: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        case_id = str(self.case_id)

        client_id = str(self.client_id)

        days_past_due = self.days_past_due

        opened_on = self.opened_on.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "case_id": case_id,
            "client_id": client_id,
            "days_past_due": days_past_due,
            "opened_on": opened_on,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        case_id = UUID(d.pop("case_id"))




        client_id = UUID(d.pop("client_id"))




        days_past_due = d.pop("days_past_due")

        opened_on = datetime.date.fromisoformat(d.pop("opened_on"))




        case_opened_v1 = cls(
            case_id=case_id,
            client_id=client_id,
            days_past_due=days_past_due,
            opened_on=opened_on,
        )


        case_opened_v1.additional_properties = d
        return case_opened_v1

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
