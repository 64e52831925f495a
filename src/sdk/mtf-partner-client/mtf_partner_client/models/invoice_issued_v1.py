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
  from ..models.invoice_line_v1 import InvoiceLineV1





T = TypeVar("T", bound="InvoiceIssuedV1")



@_attrs_define
class InvoiceIssuedV1:
    """ 
        Attributes:
            bill_run_id (UUID):
            client_id (UUID):
            currency (str):
            due_date (datetime.date):
            invoice_id (UUID):
            issue_date (datetime.date):
            lines (list[InvoiceLineV1]):
            number (str):
            period (str):
            subtotal (str):
            total (str):
            vat (str):
            vat_rate (str):
     """

    bill_run_id: UUID
    client_id: UUID
    currency: str
    due_date: datetime.date
    invoice_id: UUID
    issue_date: datetime.date
    lines: list[InvoiceLineV1]
    number: str
    period: str
    subtotal: str
    total: str
    vat: str
    vat_rate: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.invoice_line_v1 import InvoiceLineV1 # noqa: PLC0415
        bill_run_id = str(self.bill_run_id)

        client_id = str(self.client_id)

        currency = self.currency

        due_date = self.due_date.isoformat()

        invoice_id = str(self.invoice_id)

        issue_date = self.issue_date.isoformat()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)



        number = self.number

        period = self.period

        subtotal = self.subtotal

        total = self.total

        vat = self.vat

        vat_rate = self.vat_rate


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "bill_run_id": bill_run_id,
            "client_id": client_id,
            "currency": currency,
            "due_date": due_date,
            "invoice_id": invoice_id,
            "issue_date": issue_date,
            "lines": lines,
            "number": number,
            "period": period,
            "subtotal": subtotal,
            "total": total,
            "vat": vat,
            "vat_rate": vat_rate,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invoice_line_v1 import InvoiceLineV1 # noqa: PLC0415
        d = dict(src_dict)
        bill_run_id = UUID(d.pop("bill_run_id"))




        client_id = UUID(d.pop("client_id"))




        currency = d.pop("currency")

        due_date = datetime.date.fromisoformat(d.pop("due_date"))




        invoice_id = UUID(d.pop("invoice_id"))




        issue_date = datetime.date.fromisoformat(d.pop("issue_date"))




        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = InvoiceLineV1.from_dict(lines_item_data)



            lines.append(lines_item)


        number = d.pop("number")

        period = d.pop("period")

        subtotal = d.pop("subtotal")

        total = d.pop("total")

        vat = d.pop("vat")

        vat_rate = d.pop("vat_rate")

        invoice_issued_v1 = cls(
            bill_run_id=bill_run_id,
            client_id=client_id,
            currency=currency,
            due_date=due_date,
            invoice_id=invoice_id,
            issue_date=issue_date,
            lines=lines,
            number=number,
            period=period,
            subtotal=subtotal,
            total=total,
            vat=vat,
            vat_rate=vat_rate,
        )


        invoice_issued_v1.additional_properties = d
        return invoice_issued_v1

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
