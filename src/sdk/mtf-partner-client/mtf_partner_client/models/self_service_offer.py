from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.self_service_offer_components import SelfServiceOfferComponents





T = TypeVar("T", bound="SelfServiceOffer")



@_attrs_define
class SelfServiceOffer:
    """ 
        Attributes:
            code (str):
            commitment_months (int):
            components (SelfServiceOfferComponents):
            id (str):
            monthly_fee (str):
            name (str):
            service (str):
     """

    code: str
    commitment_months: int
    components: SelfServiceOfferComponents
    id: str
    monthly_fee: str
    name: str
    service: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.self_service_offer_components import SelfServiceOfferComponents # noqa: PLC0415
        code = self.code

        commitment_months = self.commitment_months

        components = self.components.to_dict()

        id = self.id

        monthly_fee = self.monthly_fee

        name = self.name

        service = self.service


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "commitment_months": commitment_months,
            "components": components,
            "id": id,
            "monthly_fee": monthly_fee,
            "name": name,
            "service": service,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.self_service_offer_components import SelfServiceOfferComponents # noqa: PLC0415
        d = dict(src_dict)
        code = d.pop("code")

        commitment_months = d.pop("commitment_months")

        components = SelfServiceOfferComponents.from_dict(d.pop("components"))




        id = d.pop("id")

        monthly_fee = d.pop("monthly_fee")

        name = d.pop("name")

        service = d.pop("service")

        self_service_offer = cls(
            code=code,
            commitment_months=commitment_months,
            components=components,
            id=id,
            monthly_fee=monthly_fee,
            name=name,
            service=service,
        )


        self_service_offer.additional_properties = d
        return self_service_offer

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
