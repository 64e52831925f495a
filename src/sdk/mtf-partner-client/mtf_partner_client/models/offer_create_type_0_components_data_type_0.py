from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="OfferCreateType0ComponentsDataType0")



@_attrs_define
class OfferCreateType0ComponentsDataType0:
    """ 
        Attributes:
            quota_gb (int):
     """

    quota_gb: int





    def to_dict(self) -> dict[str, Any]:
        quota_gb = self.quota_gb


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "quota_gb": quota_gb,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        quota_gb = d.pop("quota_gb")

        offer_create_type_0_components_data_type_0 = cls(
            quota_gb=quota_gb,
        )

        return offer_create_type_0_components_data_type_0

