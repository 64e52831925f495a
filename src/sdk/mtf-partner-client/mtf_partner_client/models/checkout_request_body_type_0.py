from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="CheckoutRequestBodyType0")



@_attrs_define
class CheckoutRequestBodyType0:
    """ 
        Attributes:
            client_id (Any):
            cin (None | Unset):
            new_client (None | Unset):
     """

    client_id: Any
    cin: None | Unset = UNSET
    new_client: None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        cin = self.cin

        new_client = self.new_client


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "client_id": client_id,
        })
        if cin is not UNSET:
            field_dict["cin"] = cin
        if new_client is not UNSET:
            field_dict["new_client"] = new_client

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = d.pop("client_id")

        cin = d.pop("cin", UNSET)

        new_client = d.pop("new_client", UNSET)

        checkout_request_body_type_0 = cls(
            client_id=client_id,
            cin=cin,
            new_client=new_client,
        )


        checkout_request_body_type_0.additional_properties = d
        return checkout_request_body_type_0

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
