"""Billing's event store: invoices, credit notes, numbering, bill runs.

Its recorder moves two write-side ledgers in the same transaction as the events:
- `contract_billing`: each contract's last billed day. An invoice whose line for a contract
  starts on or before that day, or ends after the contract's end, is refused (the whole
  transaction: no invoice, no number), so any number of runs in flight never bill a
  contract-day twice. A credit note that gives days back moves the day back.
- `invoice_ledger`: each invoice's total and what credit notes took from it. A credit note
  above what remains is refused, whatever the concurrency.
And it records the tamper-evident journal (`document_journal`, see domain/journal.py): each
new invoice and credit note with the SHA-256 of its canonical content chained to the
previous document of its series, after the events (under the event table's lock, so the
head it chains to is the committed one), one read and one insert per save.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, StoredEvent
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier
from sqlalchemy import Connection, text

from mtf.billing.domain.invoice import (
    AlreadyBilled,
    BillRun,
    CreditCapReached,
    CreditNote,
    Invoice,
    Numbering,
    numbering_id_for,
)
from mtf.billing.domain.journal import (
    CREDIT_NOTE,
    GENESIS,
    INVOICE,
    JournalEntry,
    chained,
    content_sha256,
    credit_note_content,
    invoice_content,
    series_of,
)
from mtf.billing.published import BILLING
from mtf.kernel.errors import Conflict
from mtf.kernel.eventstore import BinaryInsertRecorder, ServiceEventStore
from mtf.kernel.repository import EventSourcedRepository
from mtf.kernel.sql import DateArray, Int4Array, TextArray, UuidArray

InvoiceEvent: Any = Invoice
CreditNoteEvent: Any = CreditNote


class DaysAlreadyBilled(IntegrityError):
    """Raised by the recorder: the transaction is rolled back."""


class CreditAboveTotal(IntegrityError):
    """Raised by the recorder: the transaction is rolled back."""


class JournalConflict(IntegrityError):
    """Raised by the recorder: these numbers are in the journal already (taken meanwhile);
    the transaction is rolled back and the numbers are taken again."""


@dataclass
class LedgerMoves:
    # contract -> (first day, last day) billed by the new invoices
    billed: dict[UUID, tuple[date, date]] = field(default_factory=dict)
    # new invoices: (invoice, client, period, total)
    invoices: list[tuple[UUID, UUID, str, Decimal]] = field(default_factory=list)
    # invoice -> amount credited by the new credit notes
    credited: dict[UUID, Decimal] = field(default_factory=dict)
    # contract -> the last billed day it moves back to
    credited_back: dict[UUID, date] = field(default_factory=dict)
    # the new documents for the journal (not chained yet)
    journal: list[JournalEntry] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.billed or self.invoices or self.credited or self.credited_back or self.journal
        )


def _entry(number: str, kind: str, document_id: UUID, content: dict[str, Any]) -> JournalEntry:
    series, seq = series_of(number)
    return JournalEntry(series, seq, number, kind, document_id, content_sha256(content))


def invoice_event_content(e: Any) -> dict[str, Any]:
    """An invoice's canonical content, from its Issued event (as the projection stores it)."""
    return invoice_content(
        id=e.originator_id,
        number=e.number,
        client_id=e.client_id,
        period=e.period,
        issue_date=e.issue_date,
        due_date=e.due_date,
        currency=e.currency,
        subtotal=e.subtotal,
        vat=e.vat,
        total=e.total,
        lines=e.lines,
    )


def credit_note_event_content(e: Any) -> dict[str, Any]:
    """A credit note's canonical content, from its Issued event (with the projection's
    defaults for notes recorded before the VAT split)."""
    total = getattr(e, "total", None) or e.amount
    subtotal, vat = getattr(e, "subtotal", None), getattr(e, "vat", None)
    if subtotal is None or vat is None:
        subtotal, vat = total, Decimal("0.00")
    return credit_note_content(
        id=e.originator_id,
        number=e.number,
        invoice_id=e.invoice_id,
        client_id=e.client_id,
        issue_date=e.issue_date,
        reason=e.reason,
        subtotal=subtotal,
        vat=vat,
        total=total,
        lines=getattr(e, "lines", None) or [],
    )


def ledger_moves(aggregates: Sequence[Aggregate]) -> LedgerMoves:
    moves = LedgerMoves()
    for aggregate in aggregates:
        for e in aggregate.pending_events:
            if isinstance(e, InvoiceEvent.Issued):
                moves.journal.append(
                    _entry(e.number, INVOICE, e.originator_id, invoice_event_content(e))
                )
                moves.invoices.append((e.originator_id, e.client_id, e.period, e.total))
                for line in e.lines:
                    contract = UUID(line["contract_id"])
                    start = date.fromisoformat(line["start_date"])
                    end = date.fromisoformat(line["end_date"])
                    first, last = moves.billed.get(contract, (start, end))
                    moves.billed[contract] = (min(first, start), max(last, end))
            elif isinstance(e, CreditNoteEvent.Issued):
                moves.journal.append(
                    _entry(e.number, CREDIT_NOTE, e.originator_id, credit_note_event_content(e))
                )
                moves.credited[e.invoice_id] = (
                    moves.credited.get(e.invoice_id, Decimal("0.00")) + e.amount
                )
                for line in e.lines or []:
                    contract = UUID(line["contract_id"])
                    back = date.fromisoformat(line["start_date"]) - timedelta(days=1)
                    moves.credited_back[contract] = min(
                        back, moves.credited_back.get(contract, back)
                    )
    return moves


_BILL = """
WITH v(contract_id, first_day, last_day) AS (
    SELECT * FROM unnest(%b::uuid[], %b::date[], %b::date[])
),
open AS (
    -- the contract has not ended before these days (locked: an end recorded meanwhile by
    -- the contracts follower is seen, and its credit check sees these days)
    SELECT b.contract_id FROM {s}.billable_contracts b JOIN v ON v.contract_id = b.contract_id
    WHERE b.end_date IS NULL OR b.end_date >= v.last_day
    FOR SHARE OF b
),
moved AS (
    UPDATE {s}.contract_billing c SET last_billed = v.last_day FROM v
    WHERE c.contract_id = v.contract_id AND c.last_billed < v.first_day
    RETURNING c.contract_id
),
added AS (
    INSERT INTO {s}.contract_billing (contract_id, last_billed)
    SELECT v.contract_id, v.last_day FROM v
    WHERE NOT EXISTS (SELECT 1 FROM {s}.contract_billing c WHERE c.contract_id = v.contract_id)
    ON CONFLICT (contract_id) DO NOTHING
    RETURNING contract_id
)
SELECT (SELECT count(*) FROM open) AS open,
       (SELECT count(*) FROM moved) + (SELECT count(*) FROM added) AS moved
"""


class BillingRecorder(BinaryInsertRecorder):
    """Records the events and moves billing's ledgers by what they bill and credit."""

    def _insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        moves: LedgerMoves | None = kwargs.get("ledger")
        if moves:
            self._move(curs, moves)
        super()._insert_events(curs, stored_events, **kwargs)

    def _insert_stored_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        super()._insert_stored_events(curs, stored_events, **kwargs)  # locks the event table
        moves: LedgerMoves | None = kwargs.get("ledger")
        if moves and moves.journal:
            with curs.connection.cursor() as journal_curs:  # curs holds the notification ids
                self._journal(journal_curs, moves.journal)

    # The statements below are never prepared by psycopg (prepare=False): they run inside
    # the library's insert, where a bill-run worker at 100,000 contracts died on "prepared
    # statement _pg3_N does not exist" (psycopg's cache naming a statement the server had
    # not kept); the run was finished by the other worker, nothing lost.
    def _journal(self, curs: Cursor[DictRow], entries: list[JournalEntry]) -> None:
        """Chain the new documents after their series' head: one read per series and one
        insert for the whole save (a bill run's batch), never a round trip per document.
        Runs after the events were inserted, under the event table's lock (taken by that
        insert): no other save of this service is between its read and its commit."""
        s = Identifier(self.datastore.schema)
        by_series: dict[str, list[JournalEntry]] = {}
        for entry in entries:
            by_series.setdefault(entry.series, []).append(entry)
        rows: list[JournalEntry] = []
        for series in sorted(by_series):
            new = sorted(by_series[series], key=lambda e: e.seq)
            curs.execute(
                SQL(
                    "SELECT seq, hash FROM {s}.document_journal WHERE series = %s "
                    "ORDER BY seq DESC LIMIT 1"
                ).format(s=s),
                (series,),
                prepare=False,
            )
            head = curs.fetchone()
            if head is not None and head["seq"] >= new[0].seq:
                raise JournalConflict(f"{new[0].number} is already recorded in the journal")
            rows += chained(new, head["hash"] if head is not None else GENESIS)
        curs.execute(
            SQL(
                "INSERT INTO {s}.document_journal (series, seq, number, kind, document_id, "
                "content_sha256, previous_hash, hash) SELECT * FROM unnest(%b::text[], "
                "%b::int[], %b::text[], %b::text[], %b::uuid[], %b::text[], %b::text[], %b::text[])"
            ).format(s=s),
            (
                TextArray(r.series for r in rows),
                Int4Array(r.seq for r in rows),
                TextArray(r.number for r in rows),
                TextArray(r.kind for r in rows),
                UuidArray(r.document_id for r in rows),
                TextArray(r.content_sha256 for r in rows),
                TextArray(r.previous_hash for r in rows),
                TextArray(r.hash for r in rows),
            ),
            prepare=False,
        )

    def _move(self, curs: Cursor[DictRow], moves: LedgerMoves) -> None:
        # always contract_billing before invoice_ledger (as `mtf rebuild --check` locks them)
        s = Identifier(self.datastore.schema)
        if moves.billed:
            contracts = sorted(moves.billed)  # one lock order for every transaction
            curs.execute(
                SQL(_BILL).format(s=s),
                (
                    UuidArray(contracts),
                    DateArray(moves.billed[c][0] for c in contracts),
                    DateArray(moves.billed[c][1] for c in contracts),
                ),
                prepare=False,
            )
            row = curs.fetchone()
            assert row is not None
            if row["open"] != len(contracts) or row["moved"] != len(contracts):
                raise DaysAlreadyBilled(
                    "some of these contract days are already billed or after the contract's end"
                )
        if moves.invoices:
            curs.execute(
                SQL(
                    "INSERT INTO {s}.invoice_ledger (invoice_id, client_id, period, total, credited) "
                    "SELECT i, c, p, t::numeric, 0 FROM unnest(%b::uuid[], %b::uuid[], "
                    "%b::text[], %b::text[]) AS v(i, c, p, t)"
                ).format(s=s),
                (
                    UuidArray(i[0] for i in moves.invoices),
                    UuidArray(i[1] for i in moves.invoices),
                    TextArray(i[2] for i in moves.invoices),
                    TextArray(str(i[3]) for i in moves.invoices),
                ),
                prepare=False,
            )
        if moves.credited_back:
            contracts = sorted(moves.credited_back)
            curs.execute(
                SQL(
                    "UPDATE {s}.contract_billing c SET last_billed = LEAST(c.last_billed, v.d) "
                    "FROM unnest(%s::uuid[], %s::date[]) AS v(id, d) WHERE c.contract_id = v.id"
                ).format(s=s),
                (contracts, [moves.credited_back[c] for c in contracts]),
                prepare=False,
            )
        if moves.credited:
            invoices = sorted(moves.credited)
            curs.execute(
                SQL(
                    "UPDATE {s}.invoice_ledger l SET credited = l.credited + v.a "
                    "FROM unnest(%s::uuid[], %s::numeric[]) AS v(i, a) "
                    "WHERE l.invoice_id = v.i AND l.credited + v.a <= l.total "
                    "RETURNING l.invoice_id"
                ).format(s=s),
                (invoices, [moves.credited[i] for i in invoices]),
                prepare=False,
            )
            if len(curs.fetchall()) != len(invoices):
                raise CreditAboveTotal("the credit notes would exceed the invoice's total")


class BillingEventStore(ServiceEventStore):
    name = "billing"
    recorder_topic = "mtf.billing.adapters.postgres.event_store:BillingRecorder"
    published = BILLING
    aggregates: ClassVar[dict[str, type[Aggregate]]] = {
        "invoice": Invoice,
        "credit-note": CreditNote,
        "bill-run": BillRun,
        "numbering": Numbering,
    }


class EventSourcedBilling:
    def __init__(self, events: BillingEventStore) -> None:
        self.events = events
        self.repository = EventSourcedRepository(events)
        # the numbering aggregates as last read, by id: a bill run takes numbers once per
        # batch, and replaying the year's whole stream each time grew with the run (a
        # million contracts: ~1,000 events read back per batch); only newer events are read
        self._numberings: dict[UUID, Numbering] = {}

    def invoice(self, invoice_id: UUID) -> Invoice:
        return self.repository.get(invoice_id, Invoice, "invoice")

    def credit_note(self, credit_note_id: UUID) -> CreditNote:
        return self.repository.get(credit_note_id, CreditNote, "credit note")

    def bill_run(self, run_id: UUID) -> BillRun | None:
        return self.repository.find(run_id, BillRun)

    def numbering(self, kind: str, year: int) -> Numbering:
        """The year's numbering as recorded now (its events after the version this process
        read last, applied to a copy of it), or a new one."""
        numbering_id = numbering_id_for(kind, year)
        known = self._numberings.get(numbering_id)
        if known is None:
            found = self.repository.find(numbering_id, Numbering)
            if found is None:
                return Numbering(kind=kind, year=year)
        else:
            newer = self.events.recorder.select_events(numbering_id, gt=known.version)
            found = copy.deepcopy(known)
            for stored in newer:
                self.events.mapper.to_domain_event(stored).mutate(found)  # type: ignore[attr-defined]
        self._numberings[numbering_id] = copy.deepcopy(found)
        return found

    def save(self, *aggregates: Aggregate) -> None:
        try:
            self.events.save(*aggregates, ledger=ledger_moves(aggregates))
        except DaysAlreadyBilled as exc:
            raise AlreadyBilled(str(exc)) from exc
        except CreditAboveTotal as exc:
            raise CreditCapReached(str(exc)) from exc
        except IntegrityError as exc:
            raise Conflict("changed at the same time by another process; retry") from exc

    def existing(self, conn: Connection, ids: list[UUID]) -> set[UUID]:
        """Which of these aggregates exist (read straight from the event table)."""
        if not ids:
            return set()
        rows = conn.execute(
            text(
                "SELECT originator_id FROM billing_events "
                "WHERE originator_id = ANY(:ids) AND originator_version = 1"
            ),
            {"ids": ids},
        ).all()
        return {row[0] for row in rows}
