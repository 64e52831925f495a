from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from typing import Literal, cast






T = TypeVar("T", bound="OfferCreateType1")



@_attrs_define
class OfferCreateType1:
    """ 
        Attributes:
            components (Any | Unset):
            service (Literal['internet'] | Unset):
     """

    components: Any | Unset = UNSET
    service: Literal['internet'] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        components: Any | Unset
        if isinstance(self.components, Unset):
            components = UNSET
        else:
            components = self.components

        service = self.service


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if components is not UNSET:
            field_dict["components"] = components
        if service is not UNSET:
            field_dict["service"] = service

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_components(data: object) -> Any | Unset:
            if isinstance(data, Unset):
                return data
            return cast(Any | Unset, data)

        components = _parse_components(d.pop("components", UNSET))


        service = cast(Literal['internet'] | Unset , d.pop("service", UNSET))
        if service != 'internet'and not isinstance(service, Unset):
            raise ValueError(f"service must match const 'internet', got '{service}'")

        offer_create_type_1 = cls(
            components=components,
            service=service,
        )


        offer_create_type_1.additional_properties = d
        return offer_create_type_1

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
