from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.offer_create_commitment_months import OfferCreateCommitmentMonths
from ..models.offer_create_service import OfferCreateService
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.offer_create_components import OfferCreateComponents





T = TypeVar("T", bound="OfferCreate")



@_attrs_define
class OfferCreate:
    """ 
        Attributes:
            code (str):
            components (OfferCreateComponents): The offer's components; which ones depends on its service
            monthly_fee (str):
            name (str):
            service (OfferCreateService):
            commitment_months (OfferCreateCommitmentMonths | Unset):  Default: OfferCreateCommitmentMonths.VALUE_0.
     """

    code: str
    components: OfferCreateComponents
    monthly_fee: str
    name: str
    service: OfferCreateService
    commitment_months: OfferCreateCommitmentMonths | Unset = OfferCreateCommitmentMonths.VALUE_0





    def to_dict(self) -> dict[str, Any]:
        from ..models.offer_create_components import OfferCreateComponents # noqa: PLC0415
        code = self.code

        components = self.components.to_dict()

        monthly_fee = self.monthly_fee

        name = self.name

        service = self.service.value

        commitment_months: int | Unset = UNSET
        if not isinstance(self.commitment_months, Unset):
            commitment_months = self.commitment_months.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
            "code": code,
            "components": components,
            "monthly_fee": monthly_fee,
            "name": name,
            "service": service,
        })
        if commitment_months is not UNSET:
            field_dict["commitment_months"] = commitment_months

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.offer_create_components import OfferCreateComponents # noqa: PLC0415
        d = dict(src_dict)
        code = d.pop("code")

        components = OfferCreateComponents.from_dict(d.pop("components"))




        monthly_fee = d.pop("monthly_fee")

        name = d.pop("name")

        service = OfferCreateService(d.pop("service"))




        _commitment_months = d.pop("commitment_months", UNSET)
        commitment_months: OfferCreateCommitmentMonths | Unset
        if isinstance(_commitment_months,  Unset):
            commitment_months = UNSET
        else:
            commitment_months = OfferCreateCommitmentMonths(_commitment_months)




        offer_create = cls(
            code=code,
            components=components,
            monthly_fee=monthly_fee,
            name=name,
            service=service,
            commitment_months=commitment_months,
        )

        return offer_create

