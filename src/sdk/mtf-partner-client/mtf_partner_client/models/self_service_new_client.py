from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from typing import Literal, cast






T = TypeVar("T", bound="SelfServiceNewClient")



@_attrs_define
class SelfServiceNewClient:
    """ 
        Attributes:
            cin (str):
            first_name (str):
            last_name (str):
            phone (str):
            address (None | str | Unset):
            birth_date (Any | Literal[''] | None | str | Unset):
            city (None | str | Unset):
            email (None | str | Unset):
     """

    cin: str
    first_name: str
    last_name: str
    phone: str
    address: None | str | Unset = UNSET
    birth_date: Any | Literal[''] | None | str | Unset = UNSET
    city: None | str | Unset = UNSET
    email: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        cin = self.cin

        first_name = self.first_name

        last_name = self.last_name

        phone = self.phone

        address: None | str | Unset
        if isinstance(self.address, Unset):
            address = UNSET
        else:
            address = self.address

        birth_date: Any | Literal[''] | None | str | Unset
        if isinstance(self.birth_date, Unset):
            birth_date = UNSET
        else:
            birth_date = self.birth_date

        city: None | str | Unset
        if isinstance(self.city, Unset):
            city = UNSET
        else:
            city = self.city

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "cin": cin,
            "first_name": first_name,
            "last_name": last_name,
            "phone": phone,
        })
        if address is not UNSET:
            field_dict["address"] = address
        if birth_date is not UNSET:
            field_dict["birth_date"] = birth_date
        if city is not UNSET:
            field_dict["city"] = city
        if email is not UNSET:
            field_dict["email"] = email

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cin = d.pop("cin")

        first_name = d.pop("first_name")

        last_name = d.pop("last_name")

        phone = d.pop("phone")

        def _parse_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        address = _parse_address(d.pop("address", UNSET))


        def _parse_birth_date(data: object) -> Any | Literal[''] | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            birth_date_type_1 = cast(Literal[''] , data)
            if birth_date_type_1 != '':
                raise ValueError(f"birth_date_type_1 must match const '', got '{birth_date_type_1}'")
            return birth_date_type_1
            return cast(Any | Literal[''] | None | str | Unset, data)

        birth_date = _parse_birth_date(d.pop("birth_date", UNSET))


        def _parse_city(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        city = _parse_city(d.pop("city", UNSET))


        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))


        self_service_new_client = cls(
            cin=cin,
            first_name=first_name,
            last_name=last_name,
            phone=phone,
            address=address,
            birth_date=birth_date,
            city=city,
            email=email,
        )

        return self_service_new_client

