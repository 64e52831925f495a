from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.subscription_create_event_types_item import SubscriptionCreateEventTypesItem
from typing import cast






T = TypeVar("T", bound="SubscriptionCreate")



@_attrs_define
class SubscriptionCreate:
    """ 
        Attributes:
            event_types (list[SubscriptionCreateEventTypesItem]):
            name (str):
            url (str):
     """

    event_types: list[SubscriptionCreateEventTypesItem]
    name: str
    url: str





    def to_dict(self) -> dict[str, Any]:
        event_types = []
        for event_types_item_data in self.event_types:
            event_types_item = event_types_item_data.value
            event_types.append(event_types_item)



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
        event_types = []
        _event_types = d.pop("event_types")
        for event_types_item_data in (_event_types):
            event_types_item = SubscriptionCreateEventTypesItem(event_types_item_data)



            event_types.append(event_types_item)


        name = d.pop("name")

        url = d.pop("url")

        subscription_create = cls(
            event_types=event_types,
            name=name,
            url=url,
        )

        return subscription_create

