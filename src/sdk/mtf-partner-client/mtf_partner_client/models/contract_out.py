from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.contract_out_service import ContractOutService
from ..models.contract_out_status import ContractOutStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.scheduled_change import ScheduledChange





T = TypeVar("T", bound="ContractOut")



@_attrs_define
class ContractOut:
    """ 
        Attributes:
            client_id (str):
            commitment_end (datetime.date | None):
            created_at (datetime.datetime):
            end_date (datetime.date | None):
            id (str):
            monthly_fee (str):
            offer_code (str):
            offer_id (str):
            offer_name (str):
            offer_version (int):
            service (ContractOutService):
            start_date (datetime.date):
            status (ContractOutStatus):
            status_reason (None | str):
            subscriber_id (str):
            updated_at (datetime.datetime):
            scheduled_change (None | ScheduledChange | Unset):
     """

    client_id: str
    commitment_end: datetime.date | None
    created_at: datetime.datetime
    end_date: datetime.date | None
    id: str
    monthly_fee: str
    offer_code: str
    offer_id: str
    offer_name: str
    offer_version: int
    service: ContractOutService
    start_date: datetime.date
    status: ContractOutStatus
    status_reason: None | str
    subscriber_id: str
    updated_at: datetime.datetime
    scheduled_change: None | ScheduledChange | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.scheduled_change import ScheduledChange # noqa: PLC0415
        client_id = self.client_id

        commitment_end: None | str
        if isinstance(self.commitment_end, datetime.date):
            commitment_end = self.commitment_end.isoformat()
        else:
            commitment_end = self.commitment_end

        created_at = self.created_at.isoformat()

        end_date: None | str
        if isinstance(self.end_date, datetime.date):
            end_date = self.end_date.isoformat()
        else:
            end_date = self.end_date

        id = self.id

        monthly_fee = self.monthly_fee

        offer_code = self.offer_code

        offer_id = self.offer_id

        offer_name = self.offer_name

        offer_version = self.offer_version

        service = self.service.value

        start_date = self.start_date.isoformat()

        status = self.status.value

        status_reason: None | str
        status_reason = self.status_reason

        subscriber_id = self.subscriber_id

        updated_at = self.updated_at.isoformat()

        scheduled_change: dict[str, Any] | None | Unset
        if isinstance(self.scheduled_change, Unset):
            scheduled_change = UNSET
        elif isinstance(self.scheduled_change, ScheduledChange):
            scheduled_change = self.scheduled_change.to_dict()
        else:
            scheduled_change = self.scheduled_change


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "client_id": client_id,
            "commitment_end": commitment_end,
            "created_at": created_at,
            "end_date": end_date,
            "id": id,
            "monthly_fee": monthly_fee,
            "offer_code": offer_code,
            "offer_id": offer_id,
            "offer_name": offer_name,
            "offer_version": offer_version,
            "service": service,
            "start_date": start_date,
            "status": status,
            "status_reason": status_reason,
            "subscriber_id": subscriber_id,
            "updated_at": updated_at,
        })
        if scheduled_change is not UNSET:
            field_dict["scheduled_change"] = scheduled_change

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scheduled_change import ScheduledChange # noqa: PLC0415
        d = dict(src_dict)
        client_id = d.pop("client_id")

        def _parse_commitment_end(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                commitment_end_type_0 = datetime.date.fromisoformat(data)



                return commitment_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        commitment_end = _parse_commitment_end(d.pop("commitment_end"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_end_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_date_type_0 = datetime.date.fromisoformat(data)



                return end_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        end_date = _parse_end_date(d.pop("end_date"))


        id = d.pop("id")

        monthly_fee = d.pop("monthly_fee")

        offer_code = d.pop("offer_code")

        offer_id = d.pop("offer_id")

        offer_name = d.pop("offer_name")

        offer_version = d.pop("offer_version")

        service = ContractOutService(d.pop("service"))




        start_date = datetime.date.fromisoformat(d.pop("start_date"))




        status = ContractOutStatus(d.pop("status"))




        def _parse_status_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        status_reason = _parse_status_reason(d.pop("status_reason"))


        subscriber_id = d.pop("subscriber_id")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        def _parse_scheduled_change(data: object) -> None | ScheduledChange | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                scheduled_change_type_0 = ScheduledChange.from_dict(data)



                return scheduled_change_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScheduledChange | Unset, data)

        scheduled_change = _parse_scheduled_change(d.pop("scheduled_change", UNSET))


        contract_out = cls(
            client_id=client_id,
            commitment_end=commitment_end,
            created_at=created_at,
            end_date=end_date,
            id=id,
            monthly_fee=monthly_fee,
            offer_code=offer_code,
            offer_id=offer_id,
            offer_name=offer_name,
            offer_version=offer_version,
            service=service,
            start_date=start_date,
            status=status,
            status_reason=status_reason,
            subscriber_id=subscriber_id,
            updated_at=updated_at,
            scheduled_change=scheduled_change,
        )


        contract_out.additional_properties = d
        return contract_out

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
