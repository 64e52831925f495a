from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="SubscriptionCreate")



@_attrs_define
class SubscriptionCreate:
    """ 
        Attributes:
            event_types (list[str]):
            name (str):
            url (str):
     """

    event_types: list[str]
    name: str
    url: str





    def to_dict(self) -> dict[str, Any]:
        event_types = self.event_types



        name = self.name

        url = self.url


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "event_types": event_types,
            "name": name,
            "url": url,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_types = cast(list[str], d.pop("event_types"))


        name = d.pop("name")

        url = d.pop("url")

        subscription_create = cls(
            event_types=event_types,
            name=name,
            url=url,
        )

        return subscription_create

