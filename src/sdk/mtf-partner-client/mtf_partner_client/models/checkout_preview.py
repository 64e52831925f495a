from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.checkout_preview_outcome import CheckoutPreviewOutcome
from typing import cast
import datetime






T = TypeVar("T", bound="CheckoutPreview")



@_attrs_define
class CheckoutPreview:
    """ 
        Attributes:
            client_id (None | str):
            current_contract_id (None | str):
            current_offer_code (None | str):
            effective_date (datetime.date):
            message (str):
            number (None | str):
            outcome (CheckoutPreviewOutcome):
            subscriber_id (None | str):
     """

    client_id: None | str
    current_contract_id: None | str
    current_offer_code: None | str
    effective_date: datetime.date
    message: str
    number: None | str
    outcome: CheckoutPreviewOutcome
    subscriber_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        client_id: None | str
        client_id = self.client_id

        current_contract_id: None | str
        current_contract_id = self.current_contract_id

        current_offer_code: None | str
        current_offer_code = self.current_offer_code

        effective_date = self.effective_date.isoformat()

        message = self.message

        number: None | str
        number = self.number

        outcome = self.outcome.value

        subscriber_id: None | str
        subscriber_id = self.subscriber_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "client_id": client_id,
            "current_contract_id": current_contract_id,
            "current_offer_code": current_offer_code,
            "effective_date": effective_date,
            "message": message,
            "number": number,
            "outcome": outcome,
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


        def _parse_current_contract_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        current_contract_id = _parse_current_contract_id(d.pop("current_contract_id"))


        def _parse_current_offer_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        current_offer_code = _parse_current_offer_code(d.pop("current_offer_code"))


        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))




        message = d.pop("message")

        def _parse_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        number = _parse_number(d.pop("number"))


        outcome = CheckoutPreviewOutcome(d.pop("outcome"))




        def _parse_subscriber_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subscriber_id = _parse_subscriber_id(d.pop("subscriber_id"))


        checkout_preview = cls(
            client_id=client_id,
            current_contract_id=current_contract_id,
            current_offer_code=current_offer_code,
            effective_date=effective_date,
            message=message,
            number=number,
            outcome=outcome,
            subscriber_id=subscriber_id,
        )


        checkout_preview.additional_properties = d
        return checkout_preview

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
