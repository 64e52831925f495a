from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="JournalHead")



@_attrs_define
class JournalHead:
    """ 
        Attributes:
            documents (int):
            head (None | str):
            head_number (None | str):
            series (str):
     """

    documents: int
    head: None | str
    head_number: None | str
    series: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        documents = self.documents

        head: None | str
        head = self.head

        head_number: None | str
        head_number = self.head_number

        series = self.series


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "documents": documents,
            "head": head,
            "head_number": head_number,
            "series": series,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        documents = d.pop("documents")

        def _parse_head(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        head = _parse_head(d.pop("head"))


        def _parse_head_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        head_number = _parse_head_number(d.pop("head_number"))


        series = d.pop("series")

        journal_head = cls(
            documents=documents,
            head=head,
            head_number=head_number,
            series=series,
        )


        journal_head.additional_properties = d
        return journal_head

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
