from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="OfferCreateType2ComponentsNational")



@_attrs_define
class OfferCreateType2ComponentsNational:
    """ 
        Attributes:
            unlimited (bool):
     """

    unlimited: bool





    def to_dict(self) -> dict[str, Any]:
        unlimited = self.unlimited


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "unlimited": unlimited,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        unlimited = d.pop("unlimited")

        offer_create_type_2_components_national = cls(
            unlimited=unlimited,
        )

        return offer_create_type_2_components_national

