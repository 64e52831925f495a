from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from typing import Literal, cast
import datetime






T = TypeVar("T", bound="CaseActionType1")



@_attrs_define
class CaseActionType1:
    """ 
        Attributes:
            promise_date (datetime.date):
            action (Literal['promise_to_pay'] | Unset):
     """

    promise_date: datetime.date
    action: Literal['promise_to_pay'] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        promise_date = self.promise_date.isoformat()

        action = self.action


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "promise_date": promise_date,
        })
        if action is not UNSET:
            field_dict["action"] = action

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        promise_date = datetime.date.fromisoformat(d.pop("promise_date"))




        action = cast(Literal['promise_to_pay'] | Unset , d.pop("action", UNSET))
        if action != 'promise_to_pay'and not isinstance(action, Unset):
            raise ValueError(f"action must match const 'promise_to_pay', got '{action}'")

        case_action_type_1 = cls(
            promise_date=promise_date,
            action=action,
        )


        case_action_type_1.additional_properties = d
        return case_action_type_1

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
