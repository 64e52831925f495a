from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.offer_revision_commitment_months import OfferRevisionCommitmentMonths
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.offer_revision_components_type_0 import OfferRevisionComponentsType0





T = TypeVar("T", bound="OfferRevision")



@_attrs_define
class OfferRevision:
    """ 
        Attributes:
            commitment_months (OfferRevisionCommitmentMonths | Unset):
            components (None | OfferRevisionComponentsType0 | Unset): The offer's components; which ones depends on its
                service
            monthly_fee (None | str | Unset):
            name (None | str | Unset):
     """

    commitment_months: OfferRevisionCommitmentMonths | Unset = UNSET
    components: None | OfferRevisionComponentsType0 | Unset = UNSET
    monthly_fee: None | str | Unset = UNSET
    name: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.offer_revision_components_type_0 import OfferRevisionComponentsType0 # noqa: PLC0415
        commitment_months: int | Unset = UNSET
        if not isinstance(self.commitment_months, Unset):
            commitment_months = self.commitment_months.value


        components: dict[str, Any] | None | Unset
        if isinstance(self.components, Unset):
            components = UNSET
        elif isinstance(self.components, OfferRevisionComponentsType0):
            components = self.components.to_dict()
        else:
            components = self.components

        monthly_fee: None | str | Unset
        if isinstance(self.monthly_fee, Unset):
            monthly_fee = UNSET
        else:
            monthly_fee = self.monthly_fee

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if commitment_months is not UNSET:
            field_dict["commitment_months"] = commitment_months
        if components is not UNSET:
            field_dict["components"] = components
        if monthly_fee is not UNSET:
            field_dict["monthly_fee"] = monthly_fee
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.offer_revision_components_type_0 import OfferRevisionComponentsType0 # noqa: PLC0415
        d = dict(src_dict)
        _commitment_months = d.pop("commitment_months", UNSET)
        commitment_months: OfferRevisionCommitmentMonths | Unset
        if isinstance(_commitment_months,  Unset):
            commitment_months = UNSET
        else:
            commitment_months = OfferRevisionCommitmentMonths(_commitment_months)




        def _parse_components(data: object) -> None | OfferRevisionComponentsType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                components_type_0 = OfferRevisionComponentsType0.from_dict(data)



                return components_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OfferRevisionComponentsType0 | Unset, data)

        components = _parse_components(d.pop("components", UNSET))


        def _parse_monthly_fee(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        monthly_fee = _parse_monthly_fee(d.pop("monthly_fee", UNSET))


        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        offer_revision = cls(
            commitment_months=commitment_months,
            components=components,
            monthly_fee=monthly_fee,
            name=name,
        )

        return offer_revision

