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
  from ..models.allocation_v1 import AllocationV1





T = TypeVar("T", bound="PaymentPostedV1")



@_attrs_define
class PaymentPostedV1:
    """ `credit` is what was left over after the allocations: the client's credit.

        Attributes:
            allocations (list[AllocationV1]):
            amount (str):
            client_id (UUID):
            credit (str):
            method (str):
            payment_id (UUID):
            received_on (datetime.date):
            reference (str):
     """

    allocations: list[AllocationV1]
    amount: str
    client_id: UUID
    credit: str
    method: str
    payment_id: UUID
    received_on: datetime.date
    reference: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.allocation_v1 import AllocationV1 # noqa: PLC0415
        allocations = []
        for allocations_item_data in self.allocations:
            allocations_item = allocations_item_data.to_dict()
            allocations.append(allocations_item)



        amount = self.amount

        client_id = str(self.client_id)

        credit = self.credit

        method = self.method

        payment_id = str(self.payment_id)

        received_on = self.received_on.isoformat()

        reference = self.reference


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "allocations": allocations,
            "amount": amount,
            "client_id": client_id,
            "credit": credit,
            "method": method,
            "payment_id": payment_id,
            "received_on": received_on,
            "reference": reference,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.allocation_v1 import AllocationV1 # noqa: PLC0415
        d = dict(src_dict)
        allocations = []
        _allocations = d.pop("allocations")
        for allocations_item_data in (_allocations):
            allocations_item = AllocationV1.from_dict(allocations_item_data)



            allocations.append(allocations_item)


        amount = d.pop("amount")

        client_id = UUID(d.pop("client_id"))




        credit = d.pop("credit")

        method = d.pop("method")

        payment_id = UUID(d.pop("payment_id"))




        received_on = datetime.date.fromisoformat(d.pop("received_on"))




        reference = d.pop("reference")

        payment_posted_v1 = cls(
            allocations=allocations,
            amount=amount,
            client_id=client_id,
            credit=credit,
            method=method,
            payment_id=payment_id,
            received_on=received_on,
            reference=reference,
        )


        payment_posted_v1.additional_properties = d
        return payment_posted_v1

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
