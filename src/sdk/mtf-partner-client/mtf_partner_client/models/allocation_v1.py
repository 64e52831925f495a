from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from uuid import UUID






T = TypeVar("T", bound="AllocationV1")



@_attrs_define
class AllocationV1:
    """ Money put on (or, negative, taken back from) one invoice. `kind`: `payment` (from
        the payment itself), `credit` (its leftover credit used later), `refund` (a credit note
        took back paid money: credit again).

        Attributes:
            amount (str):
            invoice_id (UUID):
            number (str):
            kind (str | Unset):  Default: 'payment'.
     """

    amount: str
    invoice_id: UUID
    number: str
    kind: str | Unset = 'payment'
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        invoice_id = str(self.invoice_id)

        number = self.number

        kind = self.kind


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount": amount,
            "invoice_id": invoice_id,
            "number": number,
        })
        if kind is not UNSET:
            field_dict["kind"] = kind

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        invoice_id = UUID(d.pop("invoice_id"))




        number = d.pop("number")

        kind = d.pop("kind", UNSET)

        allocation_v1 = cls(
            amount=amount,
            invoice_id=invoice_id,
            number=number,
            kind=kind,
        )


        allocation_v1.additional_properties = d
        return allocation_v1

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
