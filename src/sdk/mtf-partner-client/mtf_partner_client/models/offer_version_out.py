from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.offer_version_out_components import OfferVersionOutComponents





T = TypeVar("T", bound="OfferVersionOut")



@_attrs_define
class OfferVersionOut:
    """ 
        Attributes:
            actor (str):
            commitment_months (int):
            components (OfferVersionOutComponents):
            created_at (datetime.datetime):
            monthly_fee (str):
            name (str):
            version (int):
     """

    actor: str
    commitment_months: int
    components: OfferVersionOutComponents
    created_at: datetime.datetime
    monthly_fee: str
    name: str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.offer_version_out_components import OfferVersionOutComponents # noqa: PLC0415
        actor = self.actor

        commitment_months = self.commitment_months

        components = self.components.to_dict()

        created_at = self.created_at.isoformat()

        monthly_fee = self.monthly_fee

        name = self.name

        version = self.version


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "actor": actor,
            "commitment_months": commitment_months,
            "components": components,
            "created_at": created_at,
            "monthly_fee": monthly_fee,
            "name": name,
            "version": version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.offer_version_out_components import OfferVersionOutComponents # noqa: PLC0415
        d = dict(src_dict)
        actor = d.pop("actor")

        commitment_months = d.pop("commitment_months")

        components = OfferVersionOutComponents.from_dict(d.pop("components"))




        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        monthly_fee = d.pop("monthly_fee")

        name = d.pop("name")

        version = d.pop("version")

        offer_version_out = cls(
            actor=actor,
            commitment_months=commitment_months,
            components=components,
            created_at=created_at,
            monthly_fee=monthly_fee,
            name=name,
            version=version,
        )


        offer_version_out.additional_properties = d
        return offer_version_out

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
