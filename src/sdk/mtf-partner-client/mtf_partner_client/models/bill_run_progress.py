from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="BillRunProgress")



@_attrs_define
class BillRunProgress:
    """ 
        Attributes:
            amount_billed (str):
            clients_done (int):
            clients_total (int):
            contracts_done (int):
            contracts_total (int):
            errors (int):
            invoices_issued (int):
     """

    amount_billed: str
    clients_done: int
    clients_total: int
    contracts_done: int
    contracts_total: int
    errors: int
    invoices_issued: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        amount_billed = self.amount_billed

        clients_done = self.clients_done

        clients_total = self.clients_total

        contracts_done = self.contracts_done

        contracts_total = self.contracts_total

        errors = self.errors

        invoices_issued = self.invoices_issued


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount_billed": amount_billed,
            "clients_done": clients_done,
            "clients_total": clients_total,
            "contracts_done": contracts_done,
            "contracts_total": contracts_total,
            "errors": errors,
            "invoices_issued": invoices_issued,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_billed = d.pop("amount_billed")

        clients_done = d.pop("clients_done")

        clients_total = d.pop("clients_total")

        contracts_done = d.pop("contracts_done")

        contracts_total = d.pop("contracts_total")

        errors = d.pop("errors")

        invoices_issued = d.pop("invoices_issued")

        bill_run_progress = cls(
            amount_billed=amount_billed,
            clients_done=clients_done,
            clients_total=clients_total,
            contracts_done=contracts_done,
            contracts_total=contracts_total,
            errors=errors,
            invoices_issued=invoices_issued,
        )


        bill_run_progress.additional_properties = d
        return bill_run_progress

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
