"""Verifying the tamper-evident journal (for auditors: the API and `mtf audit verify`)."""

from __future__ import annotations

from typing import Any, Protocol

from mtf.billing.domain.journal import Verification, is_hash, kind_of_series
from mtf.kernel.errors import invalid


class Refresher(Protocol):
    def catch_up(self) -> int:
        """Apply what is new."""
        ...


class JournalReader(Protocol):
    def verify(self, series: str, kept_head: str | None = None) -> Verification:
        """Recompute a series' chain from the journal and the stored documents (and find
        a head kept earlier in it)."""
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

    def verify(self, series: str, kept_head: str | None = None) -> Verification:
        """The stored documents are the views, which follow the events (and the journal,
        written with them) a moment later: they are caught up first, and a document found
        missing is looked for once more after another catch-up (issued meanwhile), so only
        a document really gone is reported. `kept_head`: a head hash kept earlier (a bill
        run's report), looked for in the series."""
        if kind_of_series(series) is None:
            raise invalid("series", "must be FAC-YYYY or AV-YYYY, e.g. FAC-2026")
        if kept_head is not None:
            kept_head = kept_head.strip().lower()
            if not is_hash(kept_head):
                raise invalid("kept_head", "must be a SHA-256 in hex (64 characters)")
        self.read_model.catch_up()
        found = self.journal.verify(series, kept_head)
        if found.first_break is not None and found.first_break["reason"] == "missing":
            self.read_model.catch_up()
            found = self.journal.verify(series, kept_head)
        return found

    def verify_all(
        self, series: str | None = None, kept_head: str | None = None
    ) -> list[Verification]:
        names = [series] if series else self.journal.series()
        return [self.verify(name, kept_head) for name in names]
