from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="RevenueMonth")



@_attrs_define
class RevenueMonth:
    """ 
        Attributes:
            billed (str):
            collected (str):
            credited (str):
            ended_lines (int):
            invoices (int):
            new_lines (int):
            overdue_at_end (None | str):
            period (str):
     """

    billed: str
    collected: str
    credited: str
    ended_lines: int
    invoices: int
    new_lines: int
    overdue_at_end: None | str
    period: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        billed = self.billed

        collected = self.collected

        credited = self.credited

        ended_lines = self.ended_lines

        invoices = self.invoices

        new_lines = self.new_lines

        overdue_at_end: None | str
        overdue_at_end = self.overdue_at_end

        period = self.period


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "billed": billed,
            "collected": collected,
            "credited": credited,
            "ended_lines": ended_lines,
            "invoices": invoices,
            "new_lines": new_lines,
            "overdue_at_end": overdue_at_end,
            "period": period,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        billed = d.pop("billed")

        collected = d.pop("collected")

        credited = d.pop("credited")

        ended_lines = d.pop("ended_lines")

        invoices = d.pop("invoices")

        new_lines = d.pop("new_lines")

        def _parse_overdue_at_end(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        overdue_at_end = _parse_overdue_at_end(d.pop("overdue_at_end"))


        period = d.pop("period")

        revenue_month = cls(
            billed=billed,
            collected=collected,
            credited=credited,
            ended_lines=ended_lines,
            invoices=invoices,
            new_lines=new_lines,
            overdue_at_end=overdue_at_end,
            period=period,
        )


        revenue_month.additional_properties = d
        return revenue_month

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
