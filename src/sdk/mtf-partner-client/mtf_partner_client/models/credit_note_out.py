from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="CreditNoteOut")



@_attrs_define
class CreditNoteOut:
    """ 
        Attributes:
            amount (str):
            created_at (datetime.datetime):
            id (str):
            invoice_id (str):
            issue_date (datetime.date):
            number (str):
            reason (str):
            refundable (str):
            subtotal (str):
            total (str):
            vat (str):
     """

    amount: str
    created_at: datetime.datetime
    id: str
    invoice_id: str
    issue_date: datetime.date
    number: str
    reason: str
    refundable: str
    subtotal: str
    total: str
    vat: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        created_at = self.created_at.isoformat()

        id = self.id

        invoice_id = self.invoice_id

        issue_date = self.issue_date.isoformat()

        number = self.number

        reason = self.reason

        refundable = self.refundable

        subtotal = self.subtotal

        total = self.total

        vat = self.vat


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount": amount,
            "created_at": created_at,
            "id": id,
            "invoice_id": invoice_id,
            "issue_date": issue_date,
            "number": number,
            "reason": reason,
            "refundable": refundable,
            "subtotal": subtotal,
            "total": total,
            "vat": vat,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        id = d.pop("id")

        invoice_id = d.pop("invoice_id")

        issue_date = datetime.date.fromisoformat(d.pop("issue_date"))




        number = d.pop("number")

        reason = d.pop("reason")

        refundable = d.pop("refundable")

        subtotal = d.pop("subtotal")

        total = d.pop("total")

        vat = d.pop("vat")

        credit_note_out = cls(
            amount=amount,
            created_at=created_at,
            id=id,
            invoice_id=invoice_id,
            issue_date=issue_date,
            number=number,
            reason=reason,
            refundable=refundable,
            subtotal=subtotal,
            total=total,
            vat=vat,
        )


        credit_note_out.additional_properties = d
        return credit_note_out

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
