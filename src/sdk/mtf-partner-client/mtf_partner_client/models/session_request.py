from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="SessionRequest")



@_attrs_define
class SessionRequest:
    """ 
        Attributes:
            cin (str):
     """

    cin: str





    def to_dict(self) -> dict[str, Any]:
        cin = self.cin


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "cin": cin,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cin = d.pop("cin")

        session_request = cls(
            cin=cin,
        )

        return session_request

