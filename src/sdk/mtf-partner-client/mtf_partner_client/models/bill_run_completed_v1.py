from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from uuid import UUID






T = TypeVar("T", bound="BillRunCompletedV1")



@_attrs_define
class BillRunCompletedV1:
    """ 
        Attributes:
            amount_billed (str):
            bill_run_id (UUID):
            clients (int):
            contracts (int):
            errors (int):
            invoices_issued (int):
            period (str):
     """

    amount_billed: str
    bill_run_id: UUID
    clients: int
    contracts: int
    errors: int
    invoices_issued: int
    period: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        amount_billed = self.amount_billed

        bill_run_id = str(self.bill_run_id)

        clients = self.clients

        contracts = self.contracts

        errors = self.errors

        invoices_issued = self.invoices_issued

        period = self.period


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount_billed": amount_billed,
            "bill_run_id": bill_run_id,
            "clients": clients,
            "contracts": contracts,
            "errors": errors,
            "invoices_issued": invoices_issued,
            "period": period,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_billed = d.pop("amount_billed")

        bill_run_id = UUID(d.pop("bill_run_id"))




        clients = d.pop("clients")

        contracts = d.pop("contracts")

        errors = d.pop("errors")

        invoices_issued = d.pop("invoices_issued")

        period = d.pop("period")

        bill_run_completed_v1 = cls(
            amount_billed=amount_billed,
            bill_run_id=bill_run_id,
            clients=clients,
            contracts=contracts,
            errors=errors,
            invoices_issued=invoices_issued,
            period=period,
        )


        bill_run_completed_v1.additional_properties = d
        return bill_run_completed_v1

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
