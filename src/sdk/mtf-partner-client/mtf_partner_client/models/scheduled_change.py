from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.scheduled_change_action import ScheduledChangeAction
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="ScheduledChange")



@_attrs_define
class ScheduledChange:
    """ 
        Attributes:
            action (ScheduledChangeAction):
            effective_date (datetime.date):
            reason (str):
            contract_id (None | str | Unset):
     """

    action: ScheduledChangeAction
    effective_date: datetime.date
    reason: str
    contract_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        effective_date = self.effective_date.isoformat()

        reason = self.reason

        contract_id: None | str | Unset
        if isinstance(self.contract_id, Unset):
            contract_id = UNSET
        else:
            contract_id = self.contract_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "action": action,
            "effective_date": effective_date,
            "reason": reason,
        })
        if contract_id is not UNSET:
            field_dict["contract_id"] = contract_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = ScheduledChangeAction(d.pop("action"))




        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))




        reason = d.pop("reason")

        def _parse_contract_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contract_id = _parse_contract_id(d.pop("contract_id", UNSET))


        scheduled_change = cls(
            action=action,
            effective_date=effective_date,
            reason=reason,
            contract_id=contract_id,
        )


        scheduled_change.additional_properties = d
        return scheduled_change

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
