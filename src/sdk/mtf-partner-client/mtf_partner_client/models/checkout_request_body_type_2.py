from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="CheckoutRequestBodyType2")



@_attrs_define
class CheckoutRequestBodyType2:
    """ 
        Attributes:
            new_client (Any):
            cin (None | Unset):
            client_id (None | Unset):
     """

    new_client: Any
    cin: None | Unset = UNSET
    client_id: None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        new_client = self.new_client

        cin = self.cin

        client_id = self.client_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "new_client": new_client,
        })
        if cin is not UNSET:
            field_dict["cin"] = cin
        if client_id is not UNSET:
            field_dict["client_id"] = client_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        new_client = d.pop("new_client")

        cin = d.pop("cin", UNSET)

        client_id = d.pop("client_id", UNSET)

        checkout_request_body_type_2 = cls(
            new_client=new_client,
            cin=cin,
            client_id=client_id,
        )


        checkout_request_body_type_2.additional_properties = d
        return checkout_request_body_type_2

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
