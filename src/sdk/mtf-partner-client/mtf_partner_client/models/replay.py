from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="Replay")



@_attrs_define
class Replay:
    """ 
        Attributes:
            from_sequence (int):
     """

    from_sequence: int





    def to_dict(self) -> dict[str, Any]:
        from_sequence = self.from_sequence


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "from_sequence": from_sequence,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_sequence = d.pop("from_sequence")

        replay = cls(
            from_sequence=from_sequence,
        )

        return replay

