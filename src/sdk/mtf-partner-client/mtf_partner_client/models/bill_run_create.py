from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="BillRunCreate")



@_attrs_define
class BillRunCreate:
    """ 
        Attributes:
            period (str):
            as_of (datetime.date | None | Unset):
            dry_run (bool | Unset):  Default: False.
     """

    period: str
    as_of: datetime.date | None | Unset = UNSET
    dry_run: bool | Unset = False





    def to_dict(self) -> dict[str, Any]:
        period = self.period

        as_of: None | str | Unset
        if isinstance(self.as_of, Unset):
            as_of = UNSET
        elif isinstance(self.as_of, datetime.date):
            as_of = self.as_of.isoformat()
        else:
            as_of = self.as_of

        dry_run = self.dry_run


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "period": period,
        })
        if as_of is not UNSET:
            field_dict["as_of"] = as_of
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        period = d.pop("period")

        def _parse_as_of(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                as_of_type_0 = datetime.date.fromisoformat(data)



                return as_of_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        as_of = _parse_as_of(d.pop("as_of", UNSET))


        dry_run = d.pop("dry_run", UNSET)

        bill_run_create = cls(
            period=period,
            as_of=as_of,
            dry_run=dry_run,
        )

        return bill_run_create

