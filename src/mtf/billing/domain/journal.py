"""The tamper-evident journal of issued documents (docs/audit-journal.md).

Every issued invoice and credit note is recorded, in the transaction that numbers it, with
the SHA-256 of its canonical content chained to the previous document of its series
(`FAC-2026`, `AV-2026`):

    content_sha256 = SHA-256(canonical JSON of the document)
    hash           = SHA-256(previous hash + content_sha256)   (ASCII hex; GENESIS first)

The canonical JSON is the document's fields below, keys sorted, no spaces, UTF-8, money as
strings with two decimals, dates ISO 8601, ids lowercase UUIDs, lines in their order.
A verification recomputes every content hash from the stored documents and the chain from
the series' start, and names the first document that does not match."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

import msgspec

GENESIS = "0" * 64
INVOICE, CREDIT_NOTE = "invoice", "credit_note"
SERIES_PREFIXES = {"FAC": INVOICE, "AV": CREDIT_NOTE}
CENT = Decimal("0.01")


# the canonical forms themselves (what the functions below answer): a value already in
# that form is answered as it is, without a round trip through Decimal or UUID
_MONEY = re.compile(r"-?(?:0|[1-9][0-9]{0,25})\.[0-9]{2}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def money(value: Any) -> str:
    if type(value) is str and _MONEY.fullmatch(value):
        return value
    return str(Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP))


def _day(value: Any) -> str:
    return (
        value.isoformat() if isinstance(value, date) else date.fromisoformat(str(value)).isoformat()
    )


def _id(value: Any) -> str:
    if type(value) is str and _UUID.fullmatch(value):
        return value
    return str(value if isinstance(value, UUID) else UUID(str(value)))


def series_of(number: str) -> tuple[str, int]:
    """`FAC-2026-000123` -> (`FAC-2026`, 123)."""
    kind, year, seq = number.split("-")
    return f"{kind}-{year}", int(seq)


def number_in(series: str, seq: int) -> str:
    return f"{series}-{seq:06d}"


def is_hash(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def kind_of_series(series: str) -> str | None:
    """The document kind of a series name (`FAC-2026`), None if it is not one."""
    parts = series.split("-")
    if len(parts) != 2 or parts[0] not in SERIES_PREFIXES:
        return None
    if len(parts[1]) != 4 or not (parts[1].isascii() and parts[1].isdigit()):
        return None
    return SERIES_PREFIXES[parts[0]]


def invoice_content(
    *,
    id: Any,
    number: str,
    client_id: Any,
    period: str,
    issue_date: Any,
    due_date: Any,
    currency: str,
    subtotal: Any,
    vat: Any,
    total: Any,
    lines: Iterable[Mapping[str, Any]],
) -> dict[str, Any]:
    return {
        "kind": INVOICE,
        "id": _id(id),
        "number": number,
        "client_id": _id(client_id),
        "period": period,
        "issue_date": _day(issue_date),
        "due_date": _day(due_date),
        "currency": currency,
        "subtotal": money(subtotal),
        "vat": money(vat),
        "total": money(total),
        "lines": [
            {
                "contract_id": _id(line["contract_id"]),
                "subscriber_id": _id(line["subscriber_id"]),
                "description": str(line["description"]),
                "start_date": _day(line["start_date"]),
                "end_date": _day(line["end_date"]),
                "days": int(line["days"]),
                "monthly_fee": money(line["monthly_fee"]),
                "amount": money(line["amount"]),
            }
            for line in lines
        ],
    }


def credit_note_content(
    *,
    id: Any,
    number: str,
    invoice_id: Any,
    client_id: Any,
    issue_date: Any,
    reason: str,
    subtotal: Any,
    vat: Any,
    total: Any,
    lines: Iterable[Mapping[str, Any]],
) -> dict[str, Any]:
    return {
        "kind": CREDIT_NOTE,
        "id": _id(id),
        "number": number,
        "invoice_id": _id(invoice_id),
        "client_id": _id(client_id),
        "issue_date": _day(issue_date),
        "reason": reason,
        "subtotal": money(subtotal),
        "vat": money(vat),
        "total": money(total),
        "lines": [
            {
                "contract_id": _id(line["contract_id"]),
                "start_date": _day(line["start_date"]),
                "end_date": _day(line["end_date"]),
                "days": int(line["days"]),
                "monthly_fee": money(line["monthly_fee"]),
                "amount": money(line["amount"]),
            }
            for line in lines
        ],
    }


_CANONICAL = msgspec.json.Encoder(order="sorted")


def canonical_json(content: Mapping[str, Any]) -> bytes:
    """Keys sorted, no spaces, UTF-8 unescaped: the bytes of `json.dumps(content,
    sort_keys=True, separators=(",", ":"), ensure_ascii=False)`, written by msgspec (the
    same escapes for every code point, checked by a test). Documents' contents hold only
    strings, integers, lists and dicts (no floats, whose exponents the two write apart)."""
    return _CANONICAL.encode(content)


def canonical_json_stdlib(content: Mapping[str, Any]) -> bytes:
    """The definition `canonical_json` follows (kept for the tests that compare them)."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def content_sha256(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def chain_hash(previous: str, content_hash: str) -> str:
    return hashlib.sha256((previous + content_hash).encode("ascii")).hexdigest()


@dataclass(frozen=True)
class JournalEntry:
    series: str
    seq: int
    number: str
    kind: str
    document_id: UUID
    content_sha256: str
    previous_hash: str = ""
    hash: str = ""


def chained(entries: list[JournalEntry], previous: str) -> list[JournalEntry]:
    """These new entries (one series, in number order) chained after `previous`."""
    out: list[JournalEntry] = []
    for e in entries:
        h = chain_hash(previous, e.content_sha256)
        out.append(
            JournalEntry(
                e.series, e.seq, e.number, e.kind, e.document_id, e.content_sha256, previous, h
            )
        )
        previous = h
    return out


@dataclass
class Verification:
    series: str
    documents: int  # documents recorded in the journal
    head: str | None  # the hash of the series' last recorded document
    head_number: str | None
    valid: bool
    verified: int  # documents verified before the first break (all of them when valid)
    first_break: dict[str, Any] | None = None
    stored: int = 0  # documents of the series stored (invoices or credit notes)
    problems: list[dict[str, Any]] = field(default_factory=list)  # the first MAX_PROBLEMS
    breaks: int = 0  # how many numbers fail
    # a head kept earlier (from a bill run's report): where it is in the journal, if at all
    kept_head: dict[str, Any] | None = None


MAX_PROBLEMS = 1000  # beyond that only counted


class ChainCheck:
    """Recompute the chain of a series from its start, a range of numbers at a time (so a
    series of any length is checked in bounded memory). For each number: its journal entry
    and its stored document's canonical content. The first break is the lowest number where
    the journal and the documents disagree: an altered document (its content hash differs),
    a removed one (recorded but not stored, or a number with neither), an inserted one
    (stored but never recorded), or an entry that does not chain."""

    def __init__(self, series: str, kept_head: str | None = None) -> None:
        self.series = series
        self.kept_head = kept_head
        self.kept_head_number: str | None = None
        self.previous = GENESIS
        self.next_seq = 1
        self.problems: list[dict[str, Any]] = []
        self.breaks = 0
        self.verified = 0
        self.entries = 0
        self.stored = 0
        self.head: JournalEntry | None = None

    def feed(
        self,
        upto: int,
        entries: Mapping[int, JournalEntry],
        documents: Mapping[int, Mapping[str, Any]],
    ) -> None:
        """Check every number from the next one to `upto` (included): `entries` and
        `documents` by number within the series (seq), for that range."""
        for seq in range(self.next_seq, upto + 1):
            entry, document = entries.get(seq), documents.get(seq)
            problem = self._problem(seq, entry, document)
            if problem is not None:
                self.breaks += 1
                if len(self.problems) < MAX_PROBLEMS:
                    self.problems.append(problem)
            elif not self.breaks:
                self.verified += 1
            if entry is not None:
                if self.kept_head is not None and entry.hash == self.kept_head:
                    self.kept_head_number = entry.number
                self.previous = entry.hash
                self.entries += 1
                self.head = entry
            if document is not None:
                self.stored += 1
        self.next_seq = max(self.next_seq, upto + 1)

    def _problem(
        self, seq: int, entry: JournalEntry | None, document: Mapping[str, Any] | None
    ) -> dict[str, Any] | None:
        number = number_in(self.series, seq)
        if entry is None and document is None:
            reason = "missing"
            detail = f"{number} is neither stored nor recorded in the journal: a number was removed"
        elif entry is None:
            reason, detail = "inserted", f"{number} is stored but was never recorded in the journal"
        elif entry.previous_hash != self.previous:
            reason = "chain"
            detail = (
                f"{number} does not follow the document before it in the journal "
                "(a recorded document was removed or replaced)"
            )
        elif chain_hash(self.previous, entry.content_sha256) != entry.hash:
            reason, detail = "chain", f"the journal entry of {number} was altered"
        elif document is None:
            reason, detail = "missing", f"{number} is recorded in the journal but no longer stored"
        elif content_sha256(document) != entry.content_sha256:
            reason = "altered"
            detail = f"{number} differs from what was recorded when it was issued"
        else:
            return None
        document_id = str(entry.document_id) if entry is not None else (document or {}).get("id")
        return {"number": number, "document_id": document_id, "reason": reason, "detail": detail}

    def result(self) -> Verification:
        return Verification(
            series=self.series,
            documents=self.entries,
            head=self.head.hash if self.head else None,
            head_number=self.head.number if self.head else None,
            valid=not self.breaks,
            verified=self.verified,
            first_break=self.problems[0] if self.problems else None,
            stored=self.stored,
            problems=self.problems,
            breaks=self.breaks,
            kept_head=None
            if self.kept_head is None
            else {
                "hash": self.kept_head,
                "found": self.kept_head_number is not None,
                "number": self.kept_head_number,
            },
        )


def verify(
    series: str,
    entries: list[JournalEntry],
    documents: Mapping[str, Mapping[str, Any]],
    kept_head: str | None = None,
) -> Verification:
    """A whole series at once: `entries` the journal, `documents` the stored documents'
    canonical content by number."""
    check = ChainCheck(series, kept_head)
    stored = {series_of(number)[1]: content for number, content in documents.items()}
    check.feed(max([0, *(e.seq for e in entries), *stored]), {e.seq: e for e in entries}, stored)
    return check.result()
