from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.active_lines import ActiveLines
  from ..models.mrr_by_service import MrrByService





T = TypeVar("T", bound="AnalyticsSummary")



@_attrs_define
class AnalyticsSummary:
    """ 
        Attributes:
            active_clients (int):
            active_lines (ActiveLines):
            arpu (str):
            as_of (datetime.date):
            credit_notes_this_month (int):
            credited_this_month (str):
            current_month (str):
            mrr (str):
            mrr_by_service (MrrByService):
            overdue_amount (str):
     """

    active_clients: int
    active_lines: ActiveLines
    arpu: str
    as_of: datetime.date
    credit_notes_this_month: int
    credited_this_month: str
    current_month: str
    mrr: str
    mrr_by_service: MrrByService
    overdue_amount: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.active_lines import ActiveLines # noqa: PLC0415
        from ..models.mrr_by_service import MrrByService # noqa: PLC0415
        active_clients = self.active_clients

        active_lines = self.active_lines.to_dict()

        arpu = self.arpu

        as_of = self.as_of.isoformat()

        credit_notes_this_month = self.credit_notes_this_month

        credited_this_month = self.credited_this_month

        current_month = self.current_month

        mrr = self.mrr

        mrr_by_service = self.mrr_by_service.to_dict()

        overdue_amount = self.overdue_amount


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "active_clients": active_clients,
            "active_lines": active_lines,
            "arpu": arpu,
            "as_of": as_of,
            "credit_notes_this_month": credit_notes_this_month,
            "credited_this_month": credited_this_month,
            "current_month": current_month,
            "mrr": mrr,
            "mrr_by_service": mrr_by_service,
            "overdue_amount": overdue_amount,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.active_lines import ActiveLines # noqa: PLC0415
        from ..models.mrr_by_service import MrrByService # noqa: PLC0415
        d = dict(src_dict)
        active_clients = d.pop("active_clients")

        active_lines = ActiveLines.from_dict(d.pop("active_lines"))




        arpu = d.pop("arpu")

        as_of = datetime.date.fromisoformat(d.pop("as_of"))




        credit_notes_this_month = d.pop("credit_notes_this_month")

        credited_this_month = d.pop("credited_this_month")

        current_month = d.pop("current_month")

        mrr = d.pop("mrr")

        mrr_by_service = MrrByService.from_dict(d.pop("mrr_by_service"))




        overdue_amount = d.pop("overdue_amount")

        analytics_summary = cls(
            active_clients=active_clients,
            active_lines=active_lines,
            arpu=arpu,
            as_of=as_of,
            credit_notes_this_month=credit_notes_this_month,
            credited_this_month=credited_this_month,
            current_month=current_month,
            mrr=mrr,
            mrr_by_service=mrr_by_service,
            overdue_amount=overdue_amount,
        )


        analytics_summary.additional_properties = d
        return analytics_summary

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
