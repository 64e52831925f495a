from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="ContractCreatedV1")



@_attrs_define
class ContractCreatedV1:
    """ 
        Attributes:
            client_id (UUID):
            commitment_months (int):
            contract_id (UUID):
            monthly_fee (str):
            offer_code (str):
            offer_id (UUID):
            offer_name (str):
            offer_version (int):
            order_id (None | UUID):
            service (str):
            start_date (datetime.date):
            subscriber_id (UUID):
     """

    client_id: UUID
    commitment_months: int
    contract_id: UUID
    monthly_fee: str
    offer_code: str
    offer_id: UUID
    offer_name: str
    offer_version: int
    order_id: None | UUID
    service: str
    start_date: datetime.date
    subscriber_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        client_id = str(self.client_id)

        commitment_months = self.commitment_months

        contract_id = str(self.contract_id)

        monthly_fee = self.monthly_fee

        offer_code = self.offer_code

        offer_id = str(self.offer_id)

        offer_name = self.offer_name

        offer_version = self.offer_version

        order_id: None | str
        if isinstance(self.order_id, UUID):
            order_id = str(self.order_id)
        else:
            order_id = self.order_id

        service = self.service

        start_date = self.start_date.isoformat()

        subscriber_id = str(self.subscriber_id)


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "client_id": client_id,
            "commitment_months": commitment_months,
            "contract_id": contract_id,
            "monthly_fee": monthly_fee,
            "offer_code": offer_code,
            "offer_id": offer_id,
            "offer_name": offer_name,
            "offer_version": offer_version,
            "order_id": order_id,
            "service": service,
            "start_date": start_date,
            "subscriber_id": subscriber_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = UUID(d.pop("client_id"))




        commitment_months = d.pop("commitment_months")

        contract_id = UUID(d.pop("contract_id"))




        monthly_fee = d.pop("monthly_fee")

        offer_code = d.pop("offer_code")

        offer_id = UUID(d.pop("offer_id"))




        offer_name = d.pop("offer_name")

        offer_version = d.pop("offer_version")

        def _parse_order_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                order_id_type_0 = UUID(data)



                return order_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        order_id = _parse_order_id(d.pop("order_id"))


        service = d.pop("service")

        start_date = datetime.date.fromisoformat(d.pop("start_date"))




        subscriber_id = UUID(d.pop("subscriber_id"))




        contract_created_v1 = cls(
            client_id=client_id,
            commitment_months=commitment_months,
            contract_id=contract_id,
            monthly_fee=monthly_fee,
            offer_code=offer_code,
            offer_id=offer_id,
            offer_name=offer_name,
            offer_version=offer_version,
            order_id=order_id,
            service=service,
            start_date=start_date,
            subscriber_id=subscriber_id,
        )


        contract_created_v1.additional_properties = d
        return contract_created_v1

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
