from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID

if TYPE_CHECKING:
  from ..models.allocation_v1 import AllocationV1





T = TypeVar("T", bound="PaymentReversedV1")



@_attrs_define
class PaymentReversedV1:
    """ A bounced payment: every allocation in `undone` is taken off its invoice.

        Attributes:
            payment_id (UUID):
            reason (str):
            undone (list[AllocationV1]):
     """

    payment_id: UUID
    reason: str
    undone: list[AllocationV1]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.allocation_v1 import AllocationV1 # noqa: PLC0415
        payment_id = str(self.payment_id)

        reason = self.reason

        undone = []
        for undone_item_data in self.undone:
            undone_item = undone_item_data.to_dict()
            undone.append(undone_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "payment_id": payment_id,
            "reason": reason,
            "undone": undone,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.allocation_v1 import AllocationV1 # noqa: PLC0415
        d = dict(src_dict)
        payment_id = UUID(d.pop("payment_id"))




        reason = d.pop("reason")

        undone = []
        _undone = d.pop("undone")
        for undone_item_data in (_undone):
            undone_item = AllocationV1.from_dict(undone_item_data)



            undone.append(undone_item)


        payment_reversed_v1 = cls(
            payment_id=payment_id,
            reason=reason,
            undone=undone,
        )


        payment_reversed_v1.additional_properties = d
        return payment_reversed_v1

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
