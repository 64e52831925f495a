from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.offer_out_service import OfferOutService
from ..models.offer_out_status import OfferOutStatus
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.offer_out_components import OfferOutComponents





T = TypeVar("T", bound="OfferOut")



@_attrs_define
class OfferOut:
    """ 
        Attributes:
            code (str):
            commitment_months (int):
            components (OfferOutComponents):
            created_at (datetime.datetime):
            id (str):
            monthly_fee (str):
            name (str):
            service (OfferOutService):
            status (OfferOutStatus):
            updated_at (datetime.datetime):
            version (int):
     """

    code: str
    commitment_months: int
    components: OfferOutComponents
    created_at: datetime.datetime
    id: str
    monthly_fee: str
    name: str
    service: OfferOutService
    status: OfferOutStatus
    updated_at: datetime.datetime
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.offer_out_components import OfferOutComponents # noqa: PLC0415
        code = self.code

        commitment_months = self.commitment_months

        components = self.components.to_dict()

        created_at = self.created_at.isoformat()

        id = self.id

        monthly_fee = self.monthly_fee

        name = self.name

        service = self.service.value

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        version = self.version


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "commitment_months": commitment_months,
            "components": components,
            "created_at": created_at,
            "id": id,
            "monthly_fee": monthly_fee,
            "name": name,
            "service": service,
            "status": status,
            "updated_at": updated_at,
            "version": version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.offer_out_components import OfferOutComponents # noqa: PLC0415
        d = dict(src_dict)
        code = d.pop("code")

        commitment_months = d.pop("commitment_months")

        components = OfferOutComponents.from_dict(d.pop("components"))




        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        id = d.pop("id")

        monthly_fee = d.pop("monthly_fee")

        name = d.pop("name")

        service = OfferOutService(d.pop("service"))




        status = OfferOutStatus(d.pop("status"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        version = d.pop("version")

        offer_out = cls(
            code=code,
            commitment_months=commitment_months,
            components=components,
            created_at=created_at,
            id=id,
            monthly_fee=monthly_fee,
            name=name,
            service=service,
            status=status,
            updated_at=updated_at,
            version=version,
        )


        offer_out.additional_properties = d
        return offer_out

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
