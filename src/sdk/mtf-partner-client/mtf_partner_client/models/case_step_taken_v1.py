from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="CaseStepTakenV1")



@_attrs_define
class CaseStepTakenV1:
    """ A dunning step (`reminder`, `suspension`...) done on `on` for these contracts.

        Attributes:
            action (str):
            case_id (UUID):
            contract_ids (list[UUID]):
            on (datetime.date):
            step (str):
     """

    action: str
    case_id: UUID
    contract_ids: list[UUID]
    on: datetime.date
    step: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        action = self.action

        case_id = str(self.case_id)

        contract_ids = []
        for contract_ids_item_data in self.contract_ids:
            contract_ids_item = str(contract_ids_item_data)
            contract_ids.append(contract_ids_item)



        on = self.on.isoformat()

        step = self.step


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "action": action,
            "case_id": case_id,
            "contract_ids": contract_ids,
            "on": on,
            "step": step,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = d.pop("action")

        case_id = UUID(d.pop("case_id"))




        contract_ids = []
        _contract_ids = d.pop("contract_ids")
        for contract_ids_item_data in (_contract_ids):
            contract_ids_item = UUID(contract_ids_item_data)



            contract_ids.append(contract_ids_item)


        on = datetime.date.fromisoformat(d.pop("on"))




        step = d.pop("step")

        case_step_taken_v1 = cls(
            action=action,
            case_id=case_id,
            contract_ids=contract_ids,
            on=on,
            step=step,
        )


        case_step_taken_v1.additional_properties = d
        return case_step_taken_v1

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
