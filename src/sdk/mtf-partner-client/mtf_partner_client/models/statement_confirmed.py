from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import Literal, cast






T = TypeVar("T", bound="StatementConfirmed")



@_attrs_define
class StatementConfirmed:
    """ 
        Attributes:
            id (str):
            posted (int):
            posted_amount (str):
            skipped (int):
            status (Literal['posted']):
     """

    id: str
    posted: int
    posted_amount: str
    skipped: int
    status: Literal['posted']
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        posted = self.posted

        posted_amount = self.posted_amount

        skipped = self.skipped

        status = self.status


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "posted": posted,
            "posted_amount": posted_amount,
            "skipped": skipped,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        posted = d.pop("posted")

        posted_amount = d.pop("posted_amount")

        skipped = d.pop("skipped")

        status = cast(Literal['posted'] , d.pop("status"))
        if status != 'posted':
            raise ValueError(f"status must match const 'posted', got '{status}'")

        statement_confirmed = cls(
            id=id,
            posted=posted,
            posted_amount=posted_amount,
            skipped=skipped,
            status=status,
        )


        statement_confirmed.additional_properties = d
        return statement_confirmed

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
