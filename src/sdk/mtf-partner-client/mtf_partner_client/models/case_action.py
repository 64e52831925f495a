from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.case_action_action import CaseActionAction
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="CaseAction")



@_attrs_define
class CaseAction:
    """ 
        Attributes:
            action (CaseActionAction):
            note (None | str | Unset):
            promise_date (datetime.date | None | Unset):
     """

    action: CaseActionAction
    note: None | str | Unset = UNSET
    promise_date: datetime.date | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        promise_date: None | str | Unset
        if isinstance(self.promise_date, Unset):
            promise_date = UNSET
        elif isinstance(self.promise_date, datetime.date):
            promise_date = self.promise_date.isoformat()
        else:
            promise_date = self.promise_date


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "action": action,
        })
        if note is not UNSET:
            field_dict["note"] = note
        if promise_date is not UNSET:
            field_dict["promise_date"] = promise_date

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = CaseActionAction(d.pop("action"))




        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))


        def _parse_promise_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                promise_date_type_0 = datetime.date.fromisoformat(data)



                return promise_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        promise_date = _parse_promise_date(d.pop("promise_date", UNSET))


        case_action = cls(
            action=action,
            note=note,
            promise_date=promise_date,
        )

        return case_action

