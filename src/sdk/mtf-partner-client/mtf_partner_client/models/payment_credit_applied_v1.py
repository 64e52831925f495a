from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from uuid import UUID






T = TypeVar("T", bound="PaymentCreditAppliedV1")



@_attrs_define
class PaymentCreditAppliedV1:
    """ 
        Attributes:
            amount (str):
            invoice_id (UUID):
            number (str):
            payment_id (UUID):
     """

    amount: str
    invoice_id: UUID
    number: str
    payment_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        invoice_id = str(self.invoice_id)

        number = self.number

        payment_id = str(self.payment_id)


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount": amount,
            "invoice_id": invoice_id,
            "number": number,
            "payment_id": payment_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        invoice_id = UUID(d.pop("invoice_id"))




        number = d.pop("number")

        payment_id = UUID(d.pop("payment_id"))




        payment_credit_applied_v1 = cls(
            amount=amount,
            invoice_id=invoice_id,
            number=number,
            payment_id=payment_id,
        )


        payment_credit_applied_v1.additional_properties = d
        return payment_credit_applied_v1

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
