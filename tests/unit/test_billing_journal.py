"""The tamper-evident journal's rules: the canonical content, the chain, and what a
verification names as the first break."""

from __future__ import annotations

import hashlib
import itertools
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from mtf.billing.domain.journal import (
    GENESIS,
    INVOICE,
    ChainCheck,
    JournalEntry,
    canonical_json,
    chained,
    content_sha256,
    invoice_content,
    kind_of_series,
    verify,
)

SERIES = "FAC-2026"


def _invoice(n: int, total: str = "118.80") -> dict[str, Any]:
    return invoice_content(
        id=uuid.UUID(int=n),
        number=f"{SERIES}-{n:06d}",
        client_id=uuid.UUID(int=1000 + n),
        period="2026-11",
        issue_date=date(2026, 12, 1),
        due_date="2026-12-31",
        currency="MAD",
        subtotal=Decimal("99"),
        vat="19.8",
        total=total,
        lines=[
            {
                "contract_id": str(uuid.UUID(int=2000 + n)),
                "subscriber_id": uuid.UUID(int=3000 + n),
                "description": "Forfait Été (MOB-20G)",
                "start_date": "2026-11-01",
                "end_date": date(2026, 11, 30),
                "days": 30,
                "monthly_fee": "99.00",
                "amount": Decimal("99.00"),
            }
        ],
    )


def _journal(documents: list[dict[str, Any]]) -> list[JournalEntry]:
    entries = [
        JournalEntry(
            SERIES,
            int(d["number"][-6:]),
            d["number"],
            INVOICE,
            uuid.UUID(d["id"]),
            content_sha256(d),
        )
        for d in documents
    ]
    return chained(entries, GENESIS)


def test_the_canonical_content_is_stable_whatever_the_types_it_came_from() -> None:
    content = _invoice(1)
    assert content["subtotal"] == "99.00" and content["vat"] == "19.80"
    assert content["lines"][0]["end_date"] == "2026-11-30"
    raw = canonical_json(content)
    assert raw.startswith(b'{"client_id":') and b", " not in raw  # sorted keys, no spaces
    assert "Été".encode() in raw  # UTF-8, not \\u escapes
    assert content_sha256(content) == hashlib.sha256(raw).hexdigest()


def test_each_hash_chains_to_the_previous_document_of_the_series() -> None:
    entries = _journal([_invoice(n) for n in (1, 2, 3)])
    assert entries[0].previous_hash == GENESIS
    for before, after in itertools.pairwise(entries):
        assert after.previous_hash == before.hash
        expected = hashlib.sha256((before.hash + after.content_sha256).encode()).hexdigest()
        assert after.hash == expected


def test_a_whole_series_is_valid_and_names_its_head() -> None:
    docs = [_invoice(n) for n in (1, 2, 3)]
    entries = _journal(docs)
    found = verify(SERIES, entries, {d["number"]: d for d in docs})
    assert (found.valid, found.documents, found.verified) == (True, 3, 3)
    assert (found.head, found.head_number) == (entries[-1].hash, f"{SERIES}-000003")


def test_the_first_break_names_an_altered_removed_or_inserted_document() -> None:
    docs = [_invoice(n) for n in (1, 2, 3)]
    entries = _journal(docs)
    stored = {d["number"]: d for d in docs}

    altered = {**stored, f"{SERIES}-000002": _invoice(2, total="218.80")}
    assert verify(SERIES, entries, altered).first_break["reason"] == "altered"  # type: ignore[index]

    removed = {k: v for k, v in stored.items() if k != f"{SERIES}-000001"}
    fb = verify(SERIES, entries, removed).first_break
    assert fb is not None and (fb["number"], fb["reason"]) == (f"{SERIES}-000001", "missing")

    # removed with its journal entry: the number is gone and the next one no longer chains
    found = verify(
        SERIES, [entries[0], entries[2]], {k: stored[k] for k in stored if not k.endswith("2")}
    )
    assert found.first_break is not None and found.first_break["reason"] == "missing"
    assert [p["reason"] for p in found.problems] == ["missing", "chain"]

    inserted = {**stored, f"{SERIES}-000004": _invoice(4)}
    fb = verify(SERIES, entries, inserted).first_break
    assert fb is not None and (fb["number"], fb["reason"]) == (f"{SERIES}-000004", "inserted")

    rewritten = [entries[0], JournalEntry(**{**entries[1].__dict__, "hash": "f" * 64}), entries[2]]
    fb = verify(SERIES, rewritten, stored).first_break
    assert fb is not None and (fb["number"], fb["reason"]) == (f"{SERIES}-000002", "chain")


def test_only_invoice_and_credit_note_series_are_known() -> None:
    assert kind_of_series("FAC-2026") == "invoice"
    assert kind_of_series("AV-2027") == "credit_note"
    assert [kind_of_series(s) for s in ("FAC-26", "XYZ-2026", "FAC-2026-1", "")] == [None] * 4


def test_a_series_checked_a_range_at_a_time_gives_the_same_answer() -> None:
    docs = [_invoice(n) for n in range(1, 8)]
    entries = _journal(docs)
    stored = {d["number"]: d for d in docs if not d["number"].endswith("5")}  # 5 removed
    whole = verify(SERIES, entries, stored)
    check = ChainCheck(SERIES)
    for upto in (2, 4, 6, 7):
        check.feed(
            upto,
            {e.seq: e for e in entries if upto - 2 < e.seq <= upto},
            {int(k[-6:]): v for k, v in stored.items() if upto - 2 < int(k[-6:]) <= upto},
        )
    assert check.result() == whole
    assert (whole.first_break or {})["number"] == f"{SERIES}-000005" and whole.verified == 4
