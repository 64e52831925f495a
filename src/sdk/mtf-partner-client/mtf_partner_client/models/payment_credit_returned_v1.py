from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID






T = TypeVar("T", bound="PaymentCreditReturnedV1")



@_attrs_define
class PaymentCreditReturnedV1:
    """ 
        Attributes:
            amount (str):
            credit_note_id (None | UUID):
            invoice_id (UUID):
            number (str):
            payment_id (UUID):
     """

    amount: str
    credit_note_id: None | UUID
    invoice_id: UUID
    number: str
    payment_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        credit_note_id: None | str
        if isinstance(self.credit_note_id, UUID):
            credit_note_id = str(self.credit_note_id)
        else:
            credit_note_id = self.credit_note_id

        invoice_id = str(self.invoice_id)

        number = self.number

        payment_id = str(self.payment_id)


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount": amount,
            "credit_note_id": credit_note_id,
            "invoice_id": invoice_id,
            "number": number,
            "payment_id": payment_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        def _parse_credit_note_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                credit_note_id_type_0 = UUID(data)



                return credit_note_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        credit_note_id = _parse_credit_note_id(d.pop("credit_note_id"))


        invoice_id = UUID(d.pop("invoice_id"))




        number = d.pop("number")

        payment_id = UUID(d.pop("payment_id"))




        payment_credit_returned_v1 = cls(
            amount=amount,
            credit_note_id=credit_note_id,
            invoice_id=invoice_id,
            number=number,
            payment_id=payment_id,
        )


        payment_credit_returned_v1.additional_properties = d
        return payment_credit_returned_v1

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
