from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.aging_bucket import AgingBucket





T = TypeVar("T", bound="Aging")



@_attrs_define
class Aging:
    """ 
        Attributes:
            as_of (datetime.date):
            buckets (list[AgingBucket]):
            total_overdue (str):
     """

    as_of: datetime.date
    buckets: list[AgingBucket]
    total_overdue: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.aging_bucket import AgingBucket # noqa: PLC0415
        as_of = self.as_of.isoformat()

        buckets = []
        for buckets_item_data in self.buckets:
            buckets_item = buckets_item_data.to_dict()
            buckets.append(buckets_item)



        total_overdue = self.total_overdue


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "as_of": as_of,
            "buckets": buckets,
            "total_overdue": total_overdue,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.aging_bucket import AgingBucket # noqa: PLC0415
        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))




        buckets = []
        _buckets = d.pop("buckets")
        for buckets_item_data in (_buckets):
            buckets_item = AgingBucket.from_dict(buckets_item_data)



            buckets.append(buckets_item)


        total_overdue = d.pop("total_overdue")

        aging = cls(
            as_of=as_of,
            buckets=buckets,
            total_overdue=total_overdue,
        )


        aging.additional_properties = d
        return aging

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
