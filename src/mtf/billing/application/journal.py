"""Verifying the tamper-evident journal (for auditors: the API and `mtf audit verify`)."""

from __future__ import annotations

from typing import Any, Protocol

from mtf.billing.domain.journal import Verification, kind_of_series
from mtf.kernel.errors import invalid


class Refresher(Protocol):
    def catch_up(self) -> int:
        """Apply what is new."""
        ...


class JournalReader(Protocol):
    def verify(self, series: str) -> Verification:
        """Recompute a series' chain from the journal and the stored documents."""
        ...

    def head(self, series: str) -> dict[str, Any]:
        """The series' last recorded document and hash."""
        ...

    def series(self) -> list[str]:
        """Every series with a document."""
        ...


class AuditJournal:
    def __init__(self, journal: JournalReader, read_model: Refresher) -> None:
        self.journal = journal
        self.read_model = read_model

    def verify(self, series: str) -> Verification:
        """The stored documents are the views, which follow the events (and the journal,
        written with them) a moment later: they are caught up first, and a document found
        missing is looked for once more after another catch-up (issued meanwhile), so only
        a document really gone is reported."""
        if kind_of_series(series) is None:
            raise invalid("series", "must be FAC-YYYY or AV-YYYY, e.g. FAC-2026")
        self.read_model.catch_up()
        found = self.journal.verify(series)
        if found.first_break is not None and found.first_break["reason"] == "missing":
            self.read_model.catch_up()
            found = self.journal.verify(series)
        return found

    def verify_all(self, series: str | None = None) -> list[Verification]:
        names = [series] if series else self.journal.series()
        return [self.verify(name) for name in names]
