from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.case_detail_status import CaseDetailStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.timeline_entry import TimelineEntry





T = TypeVar("T", bound="CaseDetail")



@_attrs_define
class CaseDetail:
    """ 
        Attributes:
            client_id (str):
            closed_at (datetime.datetime | None):
            days_past_due (int):
            id (str):
            opened_at (datetime.datetime):
            overdue_amount (str):
            promise_to_pay_until (datetime.date | None):
            stage (str):
            status (CaseDetailStatus):
            suspended_contract_ids (list[str]):
            timeline (list[TimelineEntry] | Unset):
     """

    client_id: str
    closed_at: datetime.datetime | None
    days_past_due: int
    id: str
    opened_at: datetime.datetime
    overdue_amount: str
    promise_to_pay_until: datetime.date | None
    stage: str
    status: CaseDetailStatus
    suspended_contract_ids: list[str]
    timeline: list[TimelineEntry] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.timeline_entry import TimelineEntry # noqa: PLC0415
        client_id = self.client_id

        closed_at: None | str
        if isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        days_past_due = self.days_past_due

        id = self.id

        opened_at = self.opened_at.isoformat()

        overdue_amount = self.overdue_amount

        promise_to_pay_until: None | str
        if isinstance(self.promise_to_pay_until, datetime.date):
            promise_to_pay_until = self.promise_to_pay_until.isoformat()
        else:
            promise_to_pay_until = self.promise_to_pay_until

        stage = self.stage

        status = self.status.value

        suspended_contract_ids = self.suspended_contract_ids



        timeline: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.timeline, Unset):
            timeline = []
            for timeline_item_data in self.timeline:
                timeline_item = timeline_item_data.to_dict()
                timeline.append(timeline_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "client_id": client_id,
            "closed_at": closed_at,
            "days_past_due": days_past_due,
            "id": id,
            "opened_at": opened_at,
            "overdue_amount": overdue_amount,
            "promise_to_pay_until": promise_to_pay_until,
            "stage": stage,
            "status": status,
            "suspended_contract_ids": suspended_contract_ids,
        })
        if timeline is not UNSET:
            field_dict["timeline"] = timeline

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timeline_entry import TimelineEntry # noqa: PLC0415
        d = dict(src_dict)
        client_id = d.pop("client_id")

        def _parse_closed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)



                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closed_at = _parse_closed_at(d.pop("closed_at"))


        days_past_due = d.pop("days_past_due")

        id = d.pop("id")

        opened_at = datetime.datetime.fromisoformat(d.pop("opened_at"))




        overdue_amount = d.pop("overdue_amount")

        def _parse_promise_to_pay_until(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                promise_to_pay_until_type_0 = datetime.date.fromisoformat(data)



                return promise_to_pay_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        promise_to_pay_until = _parse_promise_to_pay_until(d.pop("promise_to_pay_until"))


        stage = d.pop("stage")

        status = CaseDetailStatus(d.pop("status"))




        suspended_contract_ids = cast(list[str], d.pop("suspended_contract_ids"))


        _timeline = d.pop("timeline", UNSET)
        timeline: list[TimelineEntry] | Unset = UNSET
        if _timeline is not UNSET:
            timeline = []
            for timeline_item_data in _timeline:
                timeline_item = TimelineEntry.from_dict(timeline_item_data)



                timeline.append(timeline_item)


        case_detail = cls(
            client_id=client_id,
            closed_at=closed_at,
            days_past_due=days_past_due,
            id=id,
            opened_at=opened_at,
            overdue_amount=overdue_amount,
            promise_to_pay_until=promise_to_pay_until,
            stage=stage,
            status=status,
            suspended_contract_ids=suspended_contract_ids,
            timeline=timeline,
        )


        case_detail.additional_properties = d
        return case_detail

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
