from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.statement_import_out_format import StatementImportOutFormat
from ..models.statement_import_out_status import StatementImportOutStatus
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.statement_counts import StatementCounts
  from ..models.statement_line_out import StatementLineOut





T = TypeVar("T", bound="StatementImportOut")



@_attrs_define
class StatementImportOut:
    """ 
        Attributes:
            counts (StatementCounts):
            created_at (datetime.datetime):
            debits_ignored (int):
            format_ (StatementImportOutFormat):
            id (str):
            lines (list[StatementLineOut]):
            lines_done (int):
            lines_total (int):
            posted (int):
            posted_amount (str):
            skipped (int):
            status (StatementImportOutStatus):
     """

    counts: StatementCounts
    created_at: datetime.datetime
    debits_ignored: int
    format_: StatementImportOutFormat
    id: str
    lines: list[StatementLineOut]
    lines_done: int
    lines_total: int
    posted: int
    posted_amount: str
    skipped: int
    status: StatementImportOutStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.statement_counts import StatementCounts # noqa: PLC0415
        from ..models.statement_line_out import StatementLineOut # noqa: PLC0415
        counts = self.counts.to_dict()

        created_at = self.created_at.isoformat()

        debits_ignored = self.debits_ignored

        format_ = self.format_.value

        id = self.id

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)



        lines_done = self.lines_done

        lines_total = self.lines_total

        posted = self.posted

        posted_amount = self.posted_amount

        skipped = self.skipped

        status = self.status.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "counts": counts,
            "created_at": created_at,
            "debits_ignored": debits_ignored,
            "format": format_,
            "id": id,
            "lines": lines,
            "lines_done": lines_done,
            "lines_total": lines_total,
            "posted": posted,
            "posted_amount": posted_amount,
            "skipped": skipped,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.statement_counts import StatementCounts # noqa: PLC0415
        from ..models.statement_line_out import StatementLineOut # noqa: PLC0415
        d = dict(src_dict)
        counts = StatementCounts.from_dict(d.pop("counts"))




        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        debits_ignored = d.pop("debits_ignored")

        format_ = StatementImportOutFormat(d.pop("format"))




        id = d.pop("id")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = StatementLineOut.from_dict(lines_item_data)



            lines.append(lines_item)


        lines_done = d.pop("lines_done")

        lines_total = d.pop("lines_total")

        posted = d.pop("posted")

        posted_amount = d.pop("posted_amount")

        skipped = d.pop("skipped")

        status = StatementImportOutStatus(d.pop("status"))




        statement_import_out = cls(
            counts=counts,
            created_at=created_at,
            debits_ignored=debits_ignored,
            format_=format_,
            id=id,
            lines=lines,
            lines_done=lines_done,
            lines_total=lines_total,
            posted=posted,
            posted_amount=posted_amount,
            skipped=skipped,
            status=status,
        )


        statement_import_out.additional_properties = d
        return statement_import_out

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
