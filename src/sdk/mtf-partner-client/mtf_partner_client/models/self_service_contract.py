from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="SelfServiceContract")



@_attrs_define
class SelfServiceContract:
    """ 
        Attributes:
            contract_id (str):
            end_date (None | str):
            monthly_fee (str):
            number (None | str):
            offer_code (str):
            offer_id (str):
            offer_name (str):
            service (str):
            start_date (str):
            status (str):
            subscriber_id (str):
     """

    contract_id: str
    end_date: None | str
    monthly_fee: str
    number: None | str
    offer_code: str
    offer_id: str
    offer_name: str
    service: str
    start_date: str
    status: str
    subscriber_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        contract_id = self.contract_id

        end_date: None | str
        end_date = self.end_date

        monthly_fee = self.monthly_fee

        number: None | str
        number = self.number

        offer_code = self.offer_code

        offer_id = self.offer_id

        offer_name = self.offer_name

        service = self.service

        start_date = self.start_date

        status = self.status

        subscriber_id = self.subscriber_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "contract_id": contract_id,
            "end_date": end_date,
            "monthly_fee": monthly_fee,
            "number": number,
            "offer_code": offer_code,
            "offer_id": offer_id,
            "offer_name": offer_name,
            "service": service,
            "start_date": start_date,
            "status": status,
            "subscriber_id": subscriber_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        contract_id = d.pop("contract_id")

        def _parse_end_date(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        end_date = _parse_end_date(d.pop("end_date"))


        monthly_fee = d.pop("monthly_fee")

        def _parse_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        number = _parse_number(d.pop("number"))


        offer_code = d.pop("offer_code")

        offer_id = d.pop("offer_id")

        offer_name = d.pop("offer_name")

        service = d.pop("service")

        start_date = d.pop("start_date")

        status = d.pop("status")

        subscriber_id = d.pop("subscriber_id")

        self_service_contract = cls(
            contract_id=contract_id,
            end_date=end_date,
            monthly_fee=monthly_fee,
            number=number,
            offer_code=offer_code,
            offer_id=offer_id,
            offer_name=offer_name,
            service=service,
            start_date=start_date,
            status=status,
            subscriber_id=subscriber_id,
        )


        self_service_contract.additional_properties = d
        return self_service_contract

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
