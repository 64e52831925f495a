from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID






T = TypeVar("T", bound="CaseClosedV1")



@_attrs_define
class CaseClosedV1:
    """ 
        Attributes:
            case_id (UUID):
            reason (str):
            resumed_contract_ids (list[UUID]):
     """

    case_id: UUID
    reason: str
    resumed_contract_ids: list[UUID]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        case_id = str(self.case_id)

        reason = self.reason

        resumed_contract_ids = []
        for resumed_contract_ids_item_data in self.resumed_contract_ids:
            resumed_contract_ids_item = str(resumed_contract_ids_item_data)
            resumed_contract_ids.append(resumed_contract_ids_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "case_id": case_id,
            "reason": reason,
            "resumed_contract_ids": resumed_contract_ids,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        case_id = UUID(d.pop("case_id"))




        reason = d.pop("reason")

        resumed_contract_ids = []
        _resumed_contract_ids = d.pop("resumed_contract_ids")
        for resumed_contract_ids_item_data in (_resumed_contract_ids):
            resumed_contract_ids_item = UUID(resumed_contract_ids_item_data)



            resumed_contract_ids.append(resumed_contract_ids_item)


        case_closed_v1 = cls(
            case_id=case_id,
            reason=reason,
            resumed_contract_ids=resumed_contract_ids,
        )


        case_closed_v1.additional_properties = d
        return case_closed_v1

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
