from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="CheckoutRequestBodyType1")



@_attrs_define
class CheckoutRequestBodyType1:
    """ 
        Attributes:
            cin (Any):
            client_id (None | Unset):
            new_client (None | Unset):
     """

    cin: Any
    client_id: None | Unset = UNSET
    new_client: None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        cin = self.cin

        client_id = self.client_id

        new_client = self.new_client


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "cin": cin,
        })
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if new_client is not UNSET:
            field_dict["new_client"] = new_client

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cin = d.pop("cin")

        client_id = d.pop("client_id", UNSET)

        new_client = d.pop("new_client", UNSET)

        checkout_request_body_type_1 = cls(
            cin=cin,
            client_id=client_id,
            new_client=new_client,
        )


        checkout_request_body_type_1.additional_properties = d
        return checkout_request_body_type_1

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
