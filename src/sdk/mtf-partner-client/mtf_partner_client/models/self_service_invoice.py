from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="SelfServiceInvoice")



@_attrs_define
class SelfServiceInvoice:
    """ 
        Attributes:
            amount_due (str):
            due_date (str):
            id (str):
            issue_date (str):
            number (str):
            period (str):
            status (str):
            total (str):
     """

    amount_due: str
    due_date: str
    id: str
    issue_date: str
    number: str
    period: str
    status: str
    total: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        amount_due = self.amount_due

        due_date = self.due_date

        id = self.id

        issue_date = self.issue_date

        number = self.number

        period = self.period

        status = self.status

        total = self.total


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount_due": amount_due,
            "due_date": due_date,
            "id": id,
            "issue_date": issue_date,
            "number": number,
            "period": period,
            "status": status,
            "total": total,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_due = d.pop("amount_due")

        due_date = d.pop("due_date")

        id = d.pop("id")

        issue_date = d.pop("issue_date")

        number = d.pop("number")

        period = d.pop("period")

        status = d.pop("status")

        total = d.pop("total")

        self_service_invoice = cls(
            amount_due=amount_due,
            due_date=due_date,
            id=id,
            issue_date=issue_date,
            number=number,
            period=period,
            status=status,
            total=total,
        )


        self_service_invoice.additional_properties = d
        return self_service_invoice

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
