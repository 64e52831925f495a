from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.credit_note_line_v1 import CreditNoteLineV1





T = TypeVar("T", bound="CreditNoteIssuedV1")



@_attrs_define
class CreditNoteIssuedV1:
    """ `total` (= `amount`, incl. VAT) is taken off the invoice's amount due; `refundable`
        is the part of it the client had already paid (it becomes the client's credit).

        Attributes:
            amount (str):
            client_id (UUID):
            credit_note_id (UUID):
            invoice_id (UUID):
            issue_date (datetime.date):
            lines (list[CreditNoteLineV1]):
            number (str):
            reason (str):
            refundable (None | str):
            subtotal (None | str):
            total (str):
            vat (None | str):
     """

    amount: str
    client_id: UUID
    credit_note_id: UUID
    invoice_id: UUID
    issue_date: datetime.date
    lines: list[CreditNoteLineV1]
    number: str
    reason: str
    refundable: None | str
    subtotal: None | str
    total: str
    vat: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.credit_note_line_v1 import CreditNoteLineV1 # noqa: PLC0415
        amount = self.amount

        client_id = str(self.client_id)

        credit_note_id = str(self.credit_note_id)

        invoice_id = str(self.invoice_id)

        issue_date = self.issue_date.isoformat()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)



        number = self.number

        reason = self.reason

        refundable: None | str
        refundable = self.refundable

        subtotal: None | str
        subtotal = self.subtotal

        total = self.total

        vat: None | str
        vat = self.vat


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount": amount,
            "client_id": client_id,
            "credit_note_id": credit_note_id,
            "invoice_id": invoice_id,
            "issue_date": issue_date,
            "lines": lines,
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
        from ..models.credit_note_line_v1 import CreditNoteLineV1 # noqa: PLC0415
        d = dict(src_dict)
        amount = d.pop("amount")

        client_id = UUID(d.pop("client_id"))




        credit_note_id = UUID(d.pop("credit_note_id"))




        invoice_id = UUID(d.pop("invoice_id"))




        issue_date = datetime.date.fromisoformat(d.pop("issue_date"))




        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = CreditNoteLineV1.from_dict(lines_item_data)



            lines.append(lines_item)


        number = d.pop("number")

        reason = d.pop("reason")

        def _parse_refundable(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        refundable = _parse_refundable(d.pop("refundable"))


        def _parse_subtotal(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subtotal = _parse_subtotal(d.pop("subtotal"))


        total = d.pop("total")

        def _parse_vat(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        vat = _parse_vat(d.pop("vat"))


        credit_note_issued_v1 = cls(
            amount=amount,
            client_id=client_id,
            credit_note_id=credit_note_id,
            invoice_id=invoice_id,
            issue_date=issue_date,
            lines=lines,
            number=number,
            reason=reason,
            refundable=refundable,
            subtotal=subtotal,
            total=total,
            vat=vat,
        )


        credit_note_issued_v1.additional_properties = d
        return credit_note_issued_v1

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
