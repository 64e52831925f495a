from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="SubscriptionCreated")



@_attrs_define
class SubscriptionCreated:
    """ 
        Attributes:
            active (bool):
            created_at (datetime.datetime):
            event_types (list[str]):
            id (str):
            last_sequence (int):
            name (str):
            url (str):
            previous_secret_expires_at (datetime.datetime | None | Unset):
            secret (str | Unset):  Default: ''.
     """

    active: bool
    created_at: datetime.datetime
    event_types: list[str]
    id: str
    last_sequence: int
    name: str
    url: str
    previous_secret_expires_at: datetime.datetime | None | Unset = UNSET
    secret: str | Unset = ''
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        active = self.active

        created_at = self.created_at.isoformat()

        event_types = self.event_types



        id = self.id

        last_sequence = self.last_sequence

        name = self.name

        url = self.url

        previous_secret_expires_at: None | str | Unset
        if isinstance(self.previous_secret_expires_at, Unset):
            previous_secret_expires_at = UNSET
        elif isinstance(self.previous_secret_expires_at, datetime.datetime):
            previous_secret_expires_at = self.previous_secret_expires_at.isoformat()
        else:
            previous_secret_expires_at = self.previous_secret_expires_at

        secret = self.secret


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "active": active,
            "created_at": created_at,
            "event_types": event_types,
            "id": id,
            "last_sequence": last_sequence,
            "name": name,
            "url": url,
        })
        if previous_secret_expires_at is not UNSET:
            field_dict["previous_secret_expires_at"] = previous_secret_expires_at
        if secret is not UNSET:
            field_dict["secret"] = secret

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        event_types = cast(list[str], d.pop("event_types"))


        id = d.pop("id")

        last_sequence = d.pop("last_sequence")

        name = d.pop("name")

        url = d.pop("url")

        def _parse_previous_secret_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_secret_expires_at_type_0 = datetime.datetime.fromisoformat(data)



                return previous_secret_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        previous_secret_expires_at = _parse_previous_secret_expires_at(d.pop("previous_secret_expires_at", UNSET))


        secret = d.pop("secret", UNSET)

        subscription_created = cls(
            active=active,
            created_at=created_at,
            event_types=event_types,
            id=id,
            last_sequence=last_sequence,
            name=name,
            url=url,
            previous_secret_expires_at=previous_secret_expires_at,
            secret=secret,
        )


        subscription_created.additional_properties = d
        return subscription_created

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
