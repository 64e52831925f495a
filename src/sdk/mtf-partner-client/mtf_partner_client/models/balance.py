from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="Balance")



@_attrs_define
class Balance:
    """ 
        Attributes:
            amount_due (str):
            client_id (str):
            credit (str):
            overdue_amount (str):
     """

    amount_due: str
    client_id: str
    credit: str
    overdue_amount: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        amount_due = self.amount_due

        client_id = self.client_id

        credit = self.credit

        overdue_amount = self.overdue_amount


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount_due": amount_due,
            "client_id": client_id,
            "credit": credit,
            "overdue_amount": overdue_amount,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_due = d.pop("amount_due")

        client_id = d.pop("client_id")

        credit = d.pop("credit")

        overdue_amount = d.pop("overdue_amount")

        balance = cls(
            amount_due=amount_due,
            client_id=client_id,
            credit=credit,
            overdue_amount=overdue_amount,
        )


        balance.additional_properties = d
        return balance

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
