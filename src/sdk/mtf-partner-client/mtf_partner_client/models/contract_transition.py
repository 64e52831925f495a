from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="ContractTransition")



@_attrs_define
class ContractTransition:
    """ 
        Attributes:
            reason (str):
            effective_date (datetime.date | None | Unset):
     """

    reason: str
    effective_date: datetime.date | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        effective_date: None | str | Unset
        if isinstance(self.effective_date, Unset):
            effective_date = UNSET
        elif isinstance(self.effective_date, datetime.date):
            effective_date = self.effective_date.isoformat()
        else:
            effective_date = self.effective_date


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "reason": reason,
        })
        if effective_date is not UNSET:
            field_dict["effective_date"] = effective_date

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = d.pop("reason")

        def _parse_effective_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_date_type_0 = datetime.date.fromisoformat(data)



                return effective_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        effective_date = _parse_effective_date(d.pop("effective_date", UNSET))


        contract_transition = cls(
            reason=reason,
            effective_date=effective_date,
        )

        return contract_transition

