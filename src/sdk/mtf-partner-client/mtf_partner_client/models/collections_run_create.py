from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="CollectionsRunCreate")



@_attrs_define
class CollectionsRunCreate:
    """ 
        Attributes:
            as_of (datetime.date):
     """

    as_of: datetime.date





    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "as_of": as_of,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))




        collections_run_create = cls(
            as_of=as_of,
        )

        return collections_run_create

