from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import Literal, cast






T = TypeVar("T", bound="OfferCreateType0ComponentsDataType1")



@_attrs_define
class OfferCreateType0ComponentsDataType1:
    """ 
        Attributes:
            unlimited (Literal[True]):
     """

    unlimited: Literal[True]





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
        unlimited = cast(Literal[True] , d.pop("unlimited"))
        if unlimited != True:
            raise ValueError(f"unlimited must match const True, got '{unlimited}'")

        offer_create_type_0_components_data_type_1 = cls(
            unlimited=unlimited,
        )

        return offer_create_type_0_components_data_type_1

