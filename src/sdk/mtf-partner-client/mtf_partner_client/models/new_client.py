from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.new_client_kind_type_1 import NewClientKindType1
from ..models.new_client_kind_type_2_type_1 import NewClientKindType2Type1
from ..models.new_client_kind_type_3_type_1 import NewClientKindType3Type1
from ..types import UNSET, Unset
from typing import cast
from typing import Literal, cast






T = TypeVar("T", bound="NewClient")



@_attrs_define
class NewClient:
    """ 
        Attributes:
            first_name (str):
            last_name (str):
            phone (str):
            address (None | str | Unset):
            birth_date (Any | Literal[''] | None | str | Unset):
            cin (None | str | Unset):
            city (None | str | Unset):
            company_name (None | str | Unset):
            email (None | str | Unset):
            ice (None | str | Unset):
            kind (NewClientKindType1 | NewClientKindType2Type1 | NewClientKindType3Type1 | None | Unset):
            tax_id (None | str | Unset):
            trade_register (None | str | Unset):
     """

    first_name: str
    last_name: str
    phone: str
    address: None | str | Unset = UNSET
    birth_date: Any | Literal[''] | None | str | Unset = UNSET
    cin: None | str | Unset = UNSET
    city: None | str | Unset = UNSET
    company_name: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    ice: None | str | Unset = UNSET
    kind: NewClientKindType1 | NewClientKindType2Type1 | NewClientKindType3Type1 | None | Unset = UNSET
    tax_id: None | str | Unset = UNSET
    trade_register: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
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

        cin: None | str | Unset
        if isinstance(self.cin, Unset):
            cin = UNSET
        else:
            cin = self.cin

        city: None | str | Unset
        if isinstance(self.city, Unset):
            city = UNSET
        else:
            city = self.city

        company_name: None | str | Unset
        if isinstance(self.company_name, Unset):
            company_name = UNSET
        else:
            company_name = self.company_name

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        ice: None | str | Unset
        if isinstance(self.ice, Unset):
            ice = UNSET
        else:
            ice = self.ice

        kind: None | str | Unset
        if isinstance(self.kind, Unset):
            kind = UNSET
        elif isinstance(self.kind, NewClientKindType1):
            kind = self.kind.value
        elif isinstance(self.kind, NewClientKindType2Type1):
            kind = self.kind.value
        elif isinstance(self.kind, NewClientKindType3Type1):
            kind = self.kind.value
        else:
            kind = self.kind

        tax_id: None | str | Unset
        if isinstance(self.tax_id, Unset):
            tax_id = UNSET
        else:
            tax_id = self.tax_id

        trade_register: None | str | Unset
        if isinstance(self.trade_register, Unset):
            trade_register = UNSET
        else:
            trade_register = self.trade_register


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "first_name": first_name,
            "last_name": last_name,
            "phone": phone,
        })
        if address is not UNSET:
            field_dict["address"] = address
        if birth_date is not UNSET:
            field_dict["birth_date"] = birth_date
        if cin is not UNSET:
            field_dict["cin"] = cin
        if city is not UNSET:
            field_dict["city"] = city
        if company_name is not UNSET:
            field_dict["company_name"] = company_name
        if email is not UNSET:
            field_dict["email"] = email
        if ice is not UNSET:
            field_dict["ice"] = ice
        if kind is not UNSET:
            field_dict["kind"] = kind
        if tax_id is not UNSET:
            field_dict["tax_id"] = tax_id
        if trade_register is not UNSET:
            field_dict["trade_register"] = trade_register

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
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


        def _parse_cin(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cin = _parse_cin(d.pop("cin", UNSET))


        def _parse_city(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        city = _parse_city(d.pop("city", UNSET))


        def _parse_company_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        company_name = _parse_company_name(d.pop("company_name", UNSET))


        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))


        def _parse_ice(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ice = _parse_ice(d.pop("ice", UNSET))


        def _parse_kind(data: object) -> NewClientKindType1 | NewClientKindType2Type1 | NewClientKindType3Type1 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_1 = NewClientKindType1(data)



                return kind_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_2_type_1 = NewClientKindType2Type1(data)



                return kind_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_3_type_1 = NewClientKindType3Type1(data)



                return kind_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NewClientKindType1 | NewClientKindType2Type1 | NewClientKindType3Type1 | None | Unset, data)

        kind = _parse_kind(d.pop("kind", UNSET))


        def _parse_tax_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tax_id = _parse_tax_id(d.pop("tax_id", UNSET))


        def _parse_trade_register(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        trade_register = _parse_trade_register(d.pop("trade_register", UNSET))


        new_client = cls(
            first_name=first_name,
            last_name=last_name,
            phone=phone,
            address=address,
            birth_date=birth_date,
            cin=cin,
            city=city,
            company_name=company_name,
            email=email,
            ice=ice,
            kind=kind,
            tax_id=tax_id,
            trade_register=trade_register,
        )

        return new_client

