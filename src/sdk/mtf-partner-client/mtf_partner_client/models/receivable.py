from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="Receivable")



@_attrs_define
class Receivable:
    """ 
        Attributes:
            amount_due (str):
            client_id (str):
            credited (str):
            days_past_due (int):
            due_date (datetime.date):
            invoice_id (str):
            issue_date (datetime.date):
            number (str):
            paid (str):
            status (str):
            total (str):
     """

    amount_due: str
    client_id: str
    credited: str
    days_past_due: int
    due_date: datetime.date
    invoice_id: str
    issue_date: datetime.date
    number: str
    paid: str
    status: str
    total: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        amount_due = self.amount_due

        client_id = self.client_id

        credited = self.credited

        days_past_due = self.days_past_due

        due_date = self.due_date.isoformat()

        invoice_id = self.invoice_id

        issue_date = self.issue_date.isoformat()

        number = self.number

        paid = self.paid

        status = self.status

        total = self.total


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount_due": amount_due,
            "client_id": client_id,
            "credited": credited,
            "days_past_due": days_past_due,
            "due_date": due_date,
            "invoice_id": invoice_id,
            "issue_date": issue_date,
            "number": number,
            "paid": paid,
            "status": status,
            "total": total,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_due = d.pop("amount_due")

        client_id = d.pop("client_id")

        credited = d.pop("credited")

        days_past_due = d.pop("days_past_due")

        due_date = datetime.date.fromisoformat(d.pop("due_date"))




        invoice_id = d.pop("invoice_id")

        issue_date = datetime.date.fromisoformat(d.pop("issue_date"))




        number = d.pop("number")

        paid = d.pop("paid")

        status = d.pop("status")

        total = d.pop("total")

        receivable = cls(
            amount_due=amount_due,
            client_id=client_id,
            credited=credited,
            days_past_due=days_past_due,
            due_date=due_date,
            invoice_id=invoice_id,
            issue_date=issue_date,
            number=number,
            paid=paid,
            status=status,
            total=total,
        )


        receivable.additional_properties = d
        return receivable

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
