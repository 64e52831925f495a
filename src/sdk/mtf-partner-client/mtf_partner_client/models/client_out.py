from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.client_out_kind import ClientOutKind
from ..models.client_out_personal_data import ClientOutPersonalData
from ..models.client_out_status import ClientOutStatus
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="ClientOut")



@_attrs_define
class ClientOut:
    """ 
        Attributes:
            address (None | str):
            birth_date (None | str):
            cin (None | str):
            city (None | str):
            company_name (None | str):
            created_at (datetime.datetime):
            email (None | str):
            erased (bool):
            first_name (None | str):
            ice (None | str):
            id (str):
            kind (ClientOutKind):
            last_name (None | str):
            phone (None | str):
            status (ClientOutStatus):
            status_reason (None | str):
            tax_id (None | str):
            trade_register (None | str):
            updated_at (datetime.datetime):
            personal_data (ClientOutPersonalData | Unset):  Default: ClientOutPersonalData.VISIBLE.
     """

    address: None | str
    birth_date: None | str
    cin: None | str
    city: None | str
    company_name: None | str
    created_at: datetime.datetime
    email: None | str
    erased: bool
    first_name: None | str
    ice: None | str
    id: str
    kind: ClientOutKind
    last_name: None | str
    phone: None | str
    status: ClientOutStatus
    status_reason: None | str
    tax_id: None | str
    trade_register: None | str
    updated_at: datetime.datetime
    personal_data: ClientOutPersonalData | Unset = ClientOutPersonalData.VISIBLE
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        address: None | str
        address = self.address

        birth_date: None | str
        birth_date = self.birth_date

        cin: None | str
        cin = self.cin

        city: None | str
        city = self.city

        company_name: None | str
        company_name = self.company_name

        created_at = self.created_at.isoformat()

        email: None | str
        email = self.email

        erased = self.erased

        first_name: None | str
        first_name = self.first_name

        ice: None | str
        ice = self.ice

        id = self.id

        kind = self.kind.value

        last_name: None | str
        last_name = self.last_name

        phone: None | str
        phone = self.phone

        status = self.status.value

        status_reason: None | str
        status_reason = self.status_reason

        tax_id: None | str
        tax_id = self.tax_id

        trade_register: None | str
        trade_register = self.trade_register

        updated_at = self.updated_at.isoformat()

        personal_data: str | Unset = UNSET
        if not isinstance(self.personal_data, Unset):
            personal_data = self.personal_data.value



        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "address": address,
            "birth_date": birth_date,
            "cin": cin,
            "city": city,
            "company_name": company_name,
            "created_at": created_at,
            "email": email,
            "erased": erased,
            "first_name": first_name,
            "ice": ice,
            "id": id,
            "kind": kind,
            "last_name": last_name,
            "phone": phone,
            "status": status,
            "status_reason": status_reason,
            "tax_id": tax_id,
            "trade_register": trade_register,
            "updated_at": updated_at,
        })
        if personal_data is not UNSET:
            field_dict["personal_data"] = personal_data

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        address = _parse_address(d.pop("address"))


        def _parse_birth_date(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        birth_date = _parse_birth_date(d.pop("birth_date"))


        def _parse_cin(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cin = _parse_cin(d.pop("cin"))


        def _parse_city(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        city = _parse_city(d.pop("city"))


        def _parse_company_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        company_name = _parse_company_name(d.pop("company_name"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))


        erased = d.pop("erased")

        def _parse_first_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        first_name = _parse_first_name(d.pop("first_name"))


        def _parse_ice(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ice = _parse_ice(d.pop("ice"))


        id = d.pop("id")

        kind = ClientOutKind(d.pop("kind"))




        def _parse_last_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_name = _parse_last_name(d.pop("last_name"))


        def _parse_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))


        status = ClientOutStatus(d.pop("status"))




        def _parse_status_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        status_reason = _parse_status_reason(d.pop("status_reason"))


        def _parse_tax_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tax_id = _parse_tax_id(d.pop("tax_id"))


        def _parse_trade_register(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        trade_register = _parse_trade_register(d.pop("trade_register"))


        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        _personal_data = d.pop("personal_data", UNSET)
        personal_data: ClientOutPersonalData | Unset
        if isinstance(_personal_data,  Unset):
            personal_data = UNSET
        else:
            personal_data = ClientOutPersonalData(_personal_data)




        client_out = cls(
            address=address,
            birth_date=birth_date,
            cin=cin,
            city=city,
            company_name=company_name,
            created_at=created_at,
            email=email,
            erased=erased,
            first_name=first_name,
            ice=ice,
            id=id,
            kind=kind,
            last_name=last_name,
            phone=phone,
            status=status,
            status_reason=status_reason,
            tax_id=tax_id,
            trade_register=trade_register,
            updated_at=updated_at,
            personal_data=personal_data,
        )


        client_out.additional_properties = d
        return client_out

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
