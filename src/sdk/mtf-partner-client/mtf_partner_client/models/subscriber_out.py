from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.subscriber_out_service import SubscriberOutService
from ..models.subscriber_out_status import SubscriberOutStatus
from typing import cast
import datetime






T = TypeVar("T", bound="SubscriberOut")



@_attrs_define
class SubscriberOut:
    """ 
        Attributes:
            client_id (str):
            contract_id (None | str):
            created_at (datetime.datetime):
            id (str):
            landline_number (None | str):
            number (str):
            service (SubscriberOutService):
            status (SubscriberOutStatus):
     """

    client_id: str
    contract_id: None | str
    created_at: datetime.datetime
    id: str
    landline_number: None | str
    number: str
    service: SubscriberOutService
    status: SubscriberOutStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        contract_id: None | str
        contract_id = self.contract_id

        created_at = self.created_at.isoformat()

        id = self.id

        landline_number: None | str
        landline_number = self.landline_number

        number = self.number

        service = self.service.value

        status = self.status.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "client_id": client_id,
            "contract_id": contract_id,
            "created_at": created_at,
            "id": id,
            "landline_number": landline_number,
            "number": number,
            "service": service,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = d.pop("client_id")

        def _parse_contract_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        contract_id = _parse_contract_id(d.pop("contract_id"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        id = d.pop("id")

        def _parse_landline_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        landline_number = _parse_landline_number(d.pop("landline_number"))


        number = d.pop("number")

        service = SubscriberOutService(d.pop("service"))




        status = SubscriberOutStatus(d.pop("status"))




        subscriber_out = cls(
            client_id=client_id,
            contract_id=contract_id,
            created_at=created_at,
            id=id,
            landline_number=landline_number,
            number=number,
            service=service,
            status=status,
        )


        subscriber_out.additional_properties = d
        return subscriber_out

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
