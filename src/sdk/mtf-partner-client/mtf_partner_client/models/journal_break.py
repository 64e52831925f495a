from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.journal_break_reason import JournalBreakReason
from typing import cast






T = TypeVar("T", bound="JournalBreak")



@_attrs_define
class JournalBreak:
    """ 
        Attributes:
            detail (str):
            document_id (None | str):
            number (str):
            reason (JournalBreakReason):
     """

    detail: str
    document_id: None | str
    number: str
    reason: JournalBreakReason
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        document_id: None | str
        document_id = self.document_id

        number = self.number

        reason = self.reason.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "detail": detail,
            "document_id": document_id,
            "number": number,
            "reason": reason,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        detail = d.pop("detail")

        def _parse_document_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        document_id = _parse_document_id(d.pop("document_id"))


        number = d.pop("number")

        reason = JournalBreakReason(d.pop("reason"))




        journal_break = cls(
            detail=detail,
            document_id=document_id,
            number=number,
            reason=reason,
        )


        journal_break.additional_properties = d
        return journal_break

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
