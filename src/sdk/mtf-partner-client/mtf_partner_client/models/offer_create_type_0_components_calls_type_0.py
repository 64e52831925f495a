from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="OfferCreateType0ComponentsCallsType0")



@_attrs_define
class OfferCreateType0ComponentsCallsType0:
    """ 
        Attributes:
            hours (int):
     """

    hours: int





    def to_dict(self) -> dict[str, Any]:
        hours = self.hours


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "hours": hours,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        hours = d.pop("hours")

        offer_create_type_0_components_calls_type_0 = cls(
            hours=hours,
        )

        return offer_create_type_0_components_calls_type_0

