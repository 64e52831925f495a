from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="ContractActivatedV1")



@_attrs_define
class ContractActivatedV1:
    """ 
        Attributes:
            client_id (UUID):
            contract_id (UUID):
            effective_date (datetime.date):
            monthly_fee (str):
            offer_id (UUID):
            offer_version (int):
            service (str):
            subscriber_id (UUID):
     """

    client_id: UUID
    contract_id: UUID
    effective_date: datetime.date
    monthly_fee: str
    offer_id: UUID
    offer_version: int
    service: str
    subscriber_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        client_id = str(self.client_id)

        contract_id = str(self.contract_id)

        effective_date = self.effective_date.isoformat()

        monthly_fee = self.monthly_fee

        offer_id = str(self.offer_id)

        offer_version = self.offer_version

        service = self.service

        subscriber_id = str(self.subscriber_id)


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "client_id": client_id,
            "contract_id": contract_id,
            "effective_date": effective_date,
            "monthly_fee": monthly_fee,
            "offer_id": offer_id,
            "offer_version": offer_version,
            "service": service,
            "subscriber_id": subscriber_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = UUID(d.pop("client_id"))




        contract_id = UUID(d.pop("contract_id"))




        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))




        monthly_fee = d.pop("monthly_fee")

        offer_id = UUID(d.pop("offer_id"))




        offer_version = d.pop("offer_version")

        service = d.pop("service")

        subscriber_id = UUID(d.pop("subscriber_id"))




        contract_activated_v1 = cls(
            client_id=client_id,
            contract_id=contract_id,
            effective_date=effective_date,
            monthly_fee=monthly_fee,
            offer_id=offer_id,
            offer_version=offer_version,
            service=service,
            subscriber_id=subscriber_id,
        )


        contract_activated_v1.additional_properties = d
        return contract_activated_v1

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
