from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.offer_detail_service import OfferDetailService
from ..models.offer_detail_status import OfferDetailStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.offer_detail_components import OfferDetailComponents
  from ..models.offer_version_out import OfferVersionOut





T = TypeVar("T", bound="OfferDetail")



@_attrs_define
class OfferDetail:
    """ 
        Attributes:
            code (str):
            commitment_months (int):
            components (OfferDetailComponents):
            created_at (datetime.datetime):
            id (str):
            monthly_fee (str):
            name (str):
            service (OfferDetailService):
            status (OfferDetailStatus):
            updated_at (datetime.datetime):
            version (int):
            versions (list[OfferVersionOut] | Unset):
     """

    code: str
    commitment_months: int
    components: OfferDetailComponents
    created_at: datetime.datetime
    id: str
    monthly_fee: str
    name: str
    service: OfferDetailService
    status: OfferDetailStatus
    updated_at: datetime.datetime
    version: int
    versions: list[OfferVersionOut] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.offer_detail_components import OfferDetailComponents # noqa: PLC0415
        from ..models.offer_version_out import OfferVersionOut # noqa: PLC0415
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

        versions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.versions, Unset):
            versions = []
            for versions_item_data in self.versions:
                versions_item = versions_item_data.to_dict()
                versions.append(versions_item)




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
        if versions is not UNSET:
            field_dict["versions"] = versions

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.offer_detail_components import OfferDetailComponents # noqa: PLC0415
        from ..models.offer_version_out import OfferVersionOut # noqa: PLC0415
        d = dict(src_dict)
        code = d.pop("code")

        commitment_months = d.pop("commitment_months")

        components = OfferDetailComponents.from_dict(d.pop("components"))




        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        id = d.pop("id")

        monthly_fee = d.pop("monthly_fee")

        name = d.pop("name")

        service = OfferDetailService(d.pop("service"))




        status = OfferDetailStatus(d.pop("status"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        version = d.pop("version")

        _versions = d.pop("versions", UNSET)
        versions: list[OfferVersionOut] | Unset = UNSET
        if _versions is not UNSET:
            versions = []
            for versions_item_data in _versions:
                versions_item = OfferVersionOut.from_dict(versions_item_data)



                versions.append(versions_item)


        offer_detail = cls(
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
            versions=versions,
        )


        offer_detail.additional_properties = d
        return offer_detail

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
