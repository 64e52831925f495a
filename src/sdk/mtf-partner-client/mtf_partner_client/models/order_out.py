from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.order_out_status import OrderOutStatus
from typing import cast
import datetime






T = TypeVar("T", bound="OrderOut")



@_attrs_define
class OrderOut:
    """ 
        Attributes:
            client_id (None | str):
            contract_id (None | str):
            created_at (datetime.datetime):
            effective_date (datetime.date):
            id (str):
            outcome (None | str):
            previous_contract_id (None | str):
            status (OrderOutStatus):
            subscriber_id (None | str):
     """

    client_id: None | str
    contract_id: None | str
    created_at: datetime.datetime
    effective_date: datetime.date
    id: str
    outcome: None | str
    previous_contract_id: None | str
    status: OrderOutStatus
    subscriber_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        client_id: None | str
        client_id = self.client_id

        contract_id: None | str
        contract_id = self.contract_id

        created_at = self.created_at.isoformat()

        effective_date = self.effective_date.isoformat()

        id = self.id

        outcome: None | str
        outcome = self.outcome

        previous_contract_id: None | str
        previous_contract_id = self.previous_contract_id

        status = self.status.value

        subscriber_id: None | str
        subscriber_id = self.subscriber_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "client_id": client_id,
            "contract_id": contract_id,
            "created_at": created_at,
            "effective_date": effective_date,
            "id": id,
            "outcome": outcome,
            "previous_contract_id": previous_contract_id,
            "status": status,
            "subscriber_id": subscriber_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_client_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        client_id = _parse_client_id(d.pop("client_id"))


        def _parse_contract_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        contract_id = _parse_contract_id(d.pop("contract_id"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))




        id = d.pop("id")

        def _parse_outcome(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        outcome = _parse_outcome(d.pop("outcome"))


        def _parse_previous_contract_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        previous_contract_id = _parse_previous_contract_id(d.pop("previous_contract_id"))


        status = OrderOutStatus(d.pop("status"))




        def _parse_subscriber_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subscriber_id = _parse_subscriber_id(d.pop("subscriber_id"))


        order_out = cls(
            client_id=client_id,
            contract_id=contract_id,
            created_at=created_at,
            effective_date=effective_date,
            id=id,
            outcome=outcome,
            previous_contract_id=previous_contract_id,
            status=status,
            subscriber_id=subscriber_id,
        )


        order_out.additional_properties = d
        return order_out

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
