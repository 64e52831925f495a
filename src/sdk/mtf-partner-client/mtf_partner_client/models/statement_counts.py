from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="StatementCounts")



@_attrs_define
class StatementCounts:
    """ 
        Attributes:
            already_posted (int):
            ambiguous (int):
            matched (int):
            unmatched (int):
     """

    already_posted: int
    ambiguous: int
    matched: int
    unmatched: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        already_posted = self.already_posted

        ambiguous = self.ambiguous

        matched = self.matched

        unmatched = self.unmatched


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "already_posted": already_posted,
            "ambiguous": ambiguous,
            "matched": matched,
            "unmatched": unmatched,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        already_posted = d.pop("already_posted")

        ambiguous = d.pop("ambiguous")

        matched = d.pop("matched")

        unmatched = d.pop("unmatched")

        statement_counts = cls(
            already_posted=already_posted,
            ambiguous=ambiguous,
            matched=matched,
            unmatched=unmatched,
        )


        statement_counts.additional_properties = d
        return statement_counts

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
