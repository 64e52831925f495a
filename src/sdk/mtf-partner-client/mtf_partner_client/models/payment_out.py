from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.payment_out_method import PaymentOutMethod
from ..models.payment_out_status import PaymentOutStatus
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.allocation_out import AllocationOut





T = TypeVar("T", bound="PaymentOut")



@_attrs_define
class PaymentOut:
    """ 
        Attributes:
            allocations (list[AllocationOut]):
            amount (str):
            client_id (str):
            created_at (datetime.datetime | None):
            credit (str):
            id (str):
            method (PaymentOutMethod):
            received_on (datetime.date):
            reference (str):
            reversal_reason (None | str):
            reversed_at (datetime.datetime | None):
            status (PaymentOutStatus):
     """

    allocations: list[AllocationOut]
    amount: str
    client_id: str
    created_at: datetime.datetime | None
    credit: str
    id: str
    method: PaymentOutMethod
    received_on: datetime.date
    reference: str
    reversal_reason: None | str
    reversed_at: datetime.datetime | None
    status: PaymentOutStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.allocation_out import AllocationOut # noqa: PLC0415
        allocations = []
        for allocations_item_data in self.allocations:
            allocations_item = allocations_item_data.to_dict()
            allocations.append(allocations_item)



        amount = self.amount

        client_id = self.client_id

        created_at: None | str
        if isinstance(self.created_at, datetime.datetime):
            created_at = self.created_at.isoformat()
        else:
            created_at = self.created_at

        credit = self.credit

        id = self.id

        method = self.method.value

        received_on = self.received_on.isoformat()

        reference = self.reference

        reversal_reason: None | str
        reversal_reason = self.reversal_reason

        reversed_at: None | str
        if isinstance(self.reversed_at, datetime.datetime):
            reversed_at = self.reversed_at.isoformat()
        else:
            reversed_at = self.reversed_at

        status = self.status.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "allocations": allocations,
            "amount": amount,
            "client_id": client_id,
            "created_at": created_at,
            "credit": credit,
            "id": id,
            "method": method,
            "received_on": received_on,
            "reference": reference,
            "reversal_reason": reversal_reason,
            "reversed_at": reversed_at,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.allocation_out import AllocationOut # noqa: PLC0415
        d = dict(src_dict)
        allocations = []
        _allocations = d.pop("allocations")
        for allocations_item_data in (_allocations):
            allocations_item = AllocationOut.from_dict(allocations_item_data)



            allocations.append(allocations_item)


        amount = d.pop("amount")

        client_id = d.pop("client_id")

        def _parse_created_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                created_at_type_0 = datetime.datetime.fromisoformat(data)



                return created_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        created_at = _parse_created_at(d.pop("created_at"))


        credit = d.pop("credit")

        id = d.pop("id")

        method = PaymentOutMethod(d.pop("method"))




        received_on = datetime.date.fromisoformat(d.pop("received_on"))




        reference = d.pop("reference")

        def _parse_reversal_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reversal_reason = _parse_reversal_reason(d.pop("reversal_reason"))


        def _parse_reversed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reversed_at_type_0 = datetime.datetime.fromisoformat(data)



                return reversed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        reversed_at = _parse_reversed_at(d.pop("reversed_at"))


        status = PaymentOutStatus(d.pop("status"))




        payment_out = cls(
            allocations=allocations,
            amount=amount,
            client_id=client_id,
            created_at=created_at,
            credit=credit,
            id=id,
            method=method,
            received_on=received_on,
            reference=reference,
            reversal_reason=reversal_reason,
            reversed_at=reversed_at,
            status=status,
        )


        payment_out.additional_properties = d
        return payment_out

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
