from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.payment_create_method import PaymentCreateMethod
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="PaymentCreate")



@_attrs_define
class PaymentCreate:
    """ 
        Attributes:
            amount (str):
            client_id (str):
            method (PaymentCreateMethod):
            received_on (datetime.date):
            reference (str):
            invoice_ids (list[str] | None | Unset):
     """

    amount: str
    client_id: str
    method: PaymentCreateMethod
    received_on: datetime.date
    reference: str
    invoice_ids: list[str] | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        client_id = self.client_id

        method = self.method.value

        received_on = self.received_on.isoformat()

        reference = self.reference

        invoice_ids: list[str] | None | Unset
        if isinstance(self.invoice_ids, Unset):
            invoice_ids = UNSET
        elif isinstance(self.invoice_ids, list):
            invoice_ids = self.invoice_ids


        else:
            invoice_ids = self.invoice_ids


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "amount": amount,
            "client_id": client_id,
            "method": method,
            "received_on": received_on,
            "reference": reference,
        })
        if invoice_ids is not UNSET:
            field_dict["invoice_ids"] = invoice_ids

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        client_id = d.pop("client_id")

        method = PaymentCreateMethod(d.pop("method"))




        received_on = datetime.date.fromisoformat(d.pop("received_on"))




        reference = d.pop("reference")

        def _parse_invoice_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                invoice_ids_type_0 = cast(list[str], data)

                return invoice_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        invoice_ids = _parse_invoice_ids(d.pop("invoice_ids", UNSET))


        payment_create = cls(
            amount=amount,
            client_id=client_id,
            method=method,
            received_on=received_on,
            reference=reference,
            invoice_ids=invoice_ids,
        )

        return payment_create

