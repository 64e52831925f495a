from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.invoice_out_status import InvoiceOutStatus
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.credit_note_out import CreditNoteOut
  from ..models.invoice_line_out import InvoiceLineOut





T = TypeVar("T", bound="InvoiceOut")



@_attrs_define
class InvoiceOut:
    """ 
        Attributes:
            amount_due (str):
            bill_run_id (None | str):
            client_id (str):
            credit_notes (list[CreditNoteOut]):
            credited (str):
            currency (str):
            due_date (datetime.date):
            id (str):
            issue_date (datetime.date):
            lines (list[InvoiceLineOut]):
            number (str):
            paid (str):
            pdf_sha256 (None | str):
            period (str):
            status (InvoiceOutStatus):
            subtotal (str):
            total (str):
            vat (str):
     """

    amount_due: str
    bill_run_id: None | str
    client_id: str
    credit_notes: list[CreditNoteOut]
    credited: str
    currency: str
    due_date: datetime.date
    id: str
    issue_date: datetime.date
    lines: list[InvoiceLineOut]
    number: str
    paid: str
    pdf_sha256: None | str
    period: str
    status: InvoiceOutStatus
    subtotal: str
    total: str
    vat: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.credit_note_out import CreditNoteOut # noqa: PLC0415
        from ..models.invoice_line_out import InvoiceLineOut # noqa: PLC0415
        amount_due = self.amount_due

        bill_run_id: None | str
        bill_run_id = self.bill_run_id

        client_id = self.client_id

        credit_notes = []
        for credit_notes_item_data in self.credit_notes:
            credit_notes_item = credit_notes_item_data.to_dict()
            credit_notes.append(credit_notes_item)



        credited = self.credited

        currency = self.currency

        due_date = self.due_date.isoformat()

        id = self.id

        issue_date = self.issue_date.isoformat()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)



        number = self.number

        paid = self.paid

        pdf_sha256: None | str
        pdf_sha256 = self.pdf_sha256

        period = self.period

        status = self.status.value

        subtotal = self.subtotal

        total = self.total

        vat = self.vat


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount_due": amount_due,
            "bill_run_id": bill_run_id,
            "client_id": client_id,
            "credit_notes": credit_notes,
            "credited": credited,
            "currency": currency,
            "due_date": due_date,
            "id": id,
            "issue_date": issue_date,
            "lines": lines,
            "number": number,
            "paid": paid,
            "pdf_sha256": pdf_sha256,
            "period": period,
            "status": status,
            "subtotal": subtotal,
            "total": total,
            "vat": vat,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.credit_note_out import CreditNoteOut # noqa: PLC0415
        from ..models.invoice_line_out import InvoiceLineOut # noqa: PLC0415
        d = dict(src_dict)
        amount_due = d.pop("amount_due")

        def _parse_bill_run_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        bill_run_id = _parse_bill_run_id(d.pop("bill_run_id"))


        client_id = d.pop("client_id")

        credit_notes = []
        _credit_notes = d.pop("credit_notes")
        for credit_notes_item_data in (_credit_notes):
            credit_notes_item = CreditNoteOut.from_dict(credit_notes_item_data)



            credit_notes.append(credit_notes_item)


        credited = d.pop("credited")

        currency = d.pop("currency")

        due_date = datetime.date.fromisoformat(d.pop("due_date"))




        id = d.pop("id")

        issue_date = datetime.date.fromisoformat(d.pop("issue_date"))




        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = InvoiceLineOut.from_dict(lines_item_data)



            lines.append(lines_item)


        number = d.pop("number")

        paid = d.pop("paid")

        def _parse_pdf_sha256(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pdf_sha256 = _parse_pdf_sha256(d.pop("pdf_sha256"))


        period = d.pop("period")

        status = InvoiceOutStatus(d.pop("status"))




        subtotal = d.pop("subtotal")

        total = d.pop("total")

        vat = d.pop("vat")

        invoice_out = cls(
            amount_due=amount_due,
            bill_run_id=bill_run_id,
            client_id=client_id,
            credit_notes=credit_notes,
            credited=credited,
            currency=currency,
            due_date=due_date,
            id=id,
            issue_date=issue_date,
            lines=lines,
            number=number,
            paid=paid,
            pdf_sha256=pdf_sha256,
            period=period,
            status=status,
            subtotal=subtotal,
            total=total,
            vat=vat,
        )


        invoice_out.additional_properties = d
        return invoice_out

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
