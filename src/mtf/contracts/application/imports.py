"""Migration import: taking over an operator's existing base from a file of clients, lines
and contracts (docs/imports.md).

Each source row is one line with its contract, on a client named by the source's
`client_ref`. The import goes through the same aggregates and events as checkouts: the
customer service registers the clients and provisions the lines (a batch per request, its
own rules judging the personal data), this service enters and activates the contracts
(`start_contract`), a batch per transaction. Each contract starts on its source start date;
billing starts on the import's cut-over date (`contract.imported`).

Idempotent per source row: ids derive from `row_id` and `client_ref`, so a file imported
twice (or an import resumed after a crash) creates nothing twice; a row imported before
whose content changed since is reported `changed` and not applied."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, Protocol
from uuid import UUID

from mtf.contracts.application.checkout import MAX_FUTURE
from mtf.contracts.application.ports import ContractStore, OrderLocks, ReadModelRefresher
from mtf.contracts.domain.contract import Contract, start_contract
from mtf.kernel.clock import Clock
from mtf.kernel.errors import FieldError, NotFound, invalid
from mtf.kernel.logging import get_logger
from mtf.kernel.pagination import PageRequest

log = get_logger("mtf.contracts.imports")

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:mtf:migration-import")

# the columns of an import file (header row); docs/imports.md describes each
ROW_COLUMNS = ("row_id", "client_ref", "offer_code", "start_date")
CLIENT_COLUMNS = (
    "kind",
    "first_name",
    "last_name",
    "cin",
    "phone",
    "email",
    "address",
    "city",
    "birth_date",
    "company_name",
    "ice",
    "tax_id",
    "trade_register",
)
COLUMNS = ROW_COLUMNS + CLIENT_COLUMNS
REQUIRED_COLUMNS = ROW_COLUMNS
MAX_REF = 100
BATCH = 500

CREATED, UNCHANGED, CHANGED, REJECTED = "created", "unchanged", "changed", "rejected"
OUTCOMES = (CREATED, UNCHANGED, CHANGED, REJECTED)
RUNNING, COMPLETED, FAILED = "running", "completed", "failed"


@lru_cache(maxsize=4096)  # asked for each of a client's rows
def client_id_of(client_ref: str) -> UUID:
    return uuid.uuid5(NAMESPACE, f"client:{client_ref}")


@lru_cache(maxsize=4096)  # asked several times per row in a batch
def subscriber_id_of(row_id: str) -> UUID:
    return uuid.uuid5(NAMESPACE, f"line:{row_id}")


def contract_id_of(row_id: str) -> UUID:
    return uuid.uuid5(NAMESPACE, f"contract:{row_id}")


@dataclass(frozen=True)
class SourceRow:
    line: int  # the file's line number (the header is line 1)
    values: dict[str, str]

    @property
    def row_id(self) -> str:
        return self.values.get("row_id", "").strip()

    @property
    def client_ref(self) -> str:
        return self.values.get("client_ref", "").strip()

    def client_data(self) -> dict[str, str]:
        """The client's fields as given (empty cells left out): the customer's rules judge."""
        return {k: v for k in CLIENT_COLUMNS if (v := self.values.get(k, "").strip())}


@dataclass
class RowOutcome:
    line: int
    row_id: str
    outcome: str
    errors: list[FieldError] = field(default_factory=list)
    client_id: UUID | None = None
    contract_id: UUID | None = None
    number: str | None = None
    row_hash: str = ""


@dataclass(frozen=True)
class KnownRow:
    row_hash: str
    import_id: UUID
    contract_id: UUID


@dataclass(frozen=True)
class ImportHeader:
    id: UUID
    status: str
    cutover: date
    rows: int
    request_hash: str


class ImportLedger(Protocol):
    def start(
        self, import_id: UUID, *, actor: str, cutover: date, rows: int, request_hash: str
    ) -> ImportHeader:
        """Record the import (or return the one already recorded under this id)."""
        ...

    def header(self, import_id: UUID) -> ImportHeader | None:
        """The import's record, or None."""
        ...

    def done_lines(self, import_id: UUID) -> set[int]:
        """The lines of this import whose outcome is recorded (a resumed import skips them)."""
        ...

    def known_rows(self, row_ids: list[str]) -> dict[str, KnownRow]:
        """Source rows imported before (by any import), by row id."""
        ...

    def record(self, import_id: UUID, outcomes: list[RowOutcome]) -> None:
        """The batch's outcomes, the rows it imported and the import's counts, in one
        transaction."""
        ...

    def finish(self, import_id: UUID, status: str, detail: str | None = None) -> None:
        """The import is over (completed, or failed with the reason)."""
        ...


class SellableOffers(Protocol):
    def published_by_code(self) -> dict[str, dict[str, Any]]:
        """Every published offer (id, code, name, service, version, monthly_fee,
        commitment_months), by code."""
        ...


class ImportCustomers(Protocol):
    def import_clients(self, batch: list[dict[str, Any]], actor: str) -> list[dict[str, Any]]:
        """Register a batch of clients with their lines (customer's batch command): for each,
        `status` (created, existing, rejected), `errors` and the lines' `numbers`."""
        ...

    def contracts_changed(self) -> None:
        """Ask the customer service to follow the contracts feed now (best effort)."""
        ...


class BatchContractStore(ContractStore, Protocol):
    def existing(self, contract_ids: list[UUID]) -> set[UUID]:
        """Which of these contracts were entered (one query)."""
        ...


def chunks(items: Sequence[SourceRow], size: int) -> Iterator[Sequence[SourceRow]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class ContractImports:
    def __init__(
        self,
        *,
        ledger: ImportLedger,
        contracts: BatchContractStore,
        catalog: SellableOffers,
        customers: ImportCustomers,
        read_model: ReadModelRefresher,
        clock: Clock,
        locks: OrderLocks,
        row_key: str,
        batch: int = BATCH,
    ) -> None:
        self.locks = locks
        self.ledger = ledger
        self.contracts = contracts
        self.catalog = catalog
        self.customers = customers
        self.read_model = read_model
        self.clock = clock
        self.row_key = row_key.encode()
        self.batch = batch

    # ---- starting ----------------------------------------------------------------------
    def check_cutover(self, cutover: date | None) -> date:
        today = self.clock.today()
        chosen = cutover or today
        if chosen.year < 2000:
            raise invalid("cutover", "is too far in the past")
        if chosen > today + MAX_FUTURE:
            raise invalid("cutover", "must be within a year from today")
        return chosen

    def start(
        self,
        import_id: UUID,
        rows: list[SourceRow],
        *,
        actor: str,
        cutover: date | None,
        request_hash: str,
    ) -> tuple[ImportHeader, bool]:
        """Record the import; True when its rows are still to be processed (a new import,
        or one interrupted that the same request resumes)."""
        chosen = self.check_cutover(cutover)
        header = self.ledger.start(
            import_id, actor=actor, cutover=chosen, rows=len(rows), request_hash=request_hash
        )
        if header.request_hash != request_hash:
            raise invalid("Idempotency-Key", "was already used with another file")
        return header, header.status == RUNNING

    # ---- processing --------------------------------------------------------------------
    def run(
        self,
        header: ImportHeader,
        rows: list[SourceRow],
        *,
        actor: str,
        progress: Callable[[int], None] | None = None,
    ) -> bool:
        """Process every row not yet recorded, a batch at a time; the import completes (or
        fails, with the reason, when a service is away: sent again, it resumes). One process
        works on an import at a time: False when another one already is."""
        with self.locks.hold(header.id) as held:
            if not held:
                return False
            self._run(header, rows, actor=actor, progress=progress)
            return True

    def _run(
        self,
        header: ImportHeader,
        rows: list[SourceRow],
        *,
        actor: str,
        progress: Callable[[int], None] | None,
    ) -> None:
        try:
            done = self.ledger.done_lines(header.id)
            offers = self.catalog.published_by_code()
            first_of = self._first_lines(rows)
            todo = [r for r in rows if r.line not in done]
            finished = len(done)
            for part in chunks(todo, self.batch):
                self._batch(header, list(part), offers, first_of, actor)
                finished += len(part)
                if progress is not None:
                    progress(finished)
            self.ledger.finish(header.id, COMPLETED)
        except Exception as exc:
            log.error("import_failed", import_id=str(header.id), error=type(exc).__name__)
            detail = getattr(exc, "detail", None) or "the import stopped; send the file again"
            self.ledger.finish(header.id, FAILED, f"{detail}"[:1000])
            raise
        finally:
            self.read_model.catch_up()
            self.customers.contracts_changed()

    def _first_lines(self, rows: list[SourceRow]) -> dict[str, Any]:
        """Per row id and per client_ref, the first line that gives it (and that client's
        data): a later line repeating a row id, or giving a client other data, is refused."""
        first_row: dict[str, int] = {}
        first_client: dict[str, tuple[int, dict[str, str]]] = {}
        for row in rows:
            first_row.setdefault(row.row_id, row.line)
            first_client.setdefault(row.client_ref, (row.line, row.client_data()))
        return {"rows": first_row, "clients": first_client}

    def row_hash(self, row: SourceRow) -> str:
        """What "the same row" means between imports: keyed (the row holds personal data),
        over its canonical content."""
        canonical = json.dumps(
            {k: row.values.get(k, "").strip() for k in COLUMNS},
            sort_keys=True,
            separators=(",", ":"),
        )
        return hmac.new(self.row_key, canonical.encode(), hashlib.sha256).hexdigest()

    def _check_row(
        self, row: SourceRow, offers: dict[str, dict[str, Any]], first_of: dict[str, Any]
    ) -> tuple[list[FieldError], dict[str, Any] | None, date | None]:
        errors: list[FieldError] = []
        for column in ("row_id", "client_ref"):
            value = row.values.get(column, "").strip()
            if not value:
                errors.append(FieldError(column, "is required"))
            elif len(value) > MAX_REF:
                errors.append(FieldError(column, f"must be at most {MAX_REF} characters"))
        if row.row_id and first_of["rows"].get(row.row_id) != row.line:
            errors.append(
                FieldError("row_id", f"duplicate: line {first_of['rows'][row.row_id]} has it too")
            )
        if row.client_ref:
            line, data = first_of["clients"][row.client_ref]
            if line != row.line and data != row.client_data():
                errors.append(
                    FieldError(
                        "client_ref",
                        f"line {line} gives this client other data: one client, one set of data",
                    )
                )
        code = row.values.get("offer_code", "").strip()
        offer = offers.get(code)
        if not code:
            errors.append(FieldError("offer_code", "is required"))
        elif offer is None:
            errors.append(
                FieldError(
                    "offer_code", f"unknown offer {code!r}: no published offer has this code"
                )
            )
        start: date | None = None
        raw = row.values.get("start_date", "").strip()
        try:
            start = date.fromisoformat(raw) if raw else None
        except ValueError:
            start = None
        if start is None:
            errors.append(FieldError("start_date", "must be a date such as 2024-03-01"))
        elif start.year < 2000:
            errors.append(FieldError("start_date", "is too far in the past"))
        elif start > self.clock.today():
            errors.append(
                FieldError(
                    "start_date",
                    "is after today: only contracts that have started are taken over "
                    "(sell a future one by checkout)",
                )
            )
        return errors, offer, start

    def _batch(
        self,
        header: ImportHeader,
        rows: list[SourceRow],
        offers: dict[str, dict[str, Any]],
        first_of: dict[str, Any],
        actor: str,
    ) -> None:
        known = self.ledger.known_rows([r.row_id for r in rows if r.row_id])
        outcomes: list[RowOutcome] = []
        waiting: list[tuple[RowOutcome, SourceRow, dict[str, Any], date]] = []
        for row in rows:
            outcome = RowOutcome(
                row.line, row.row_id[:MAX_REF], REJECTED, row_hash=self.row_hash(row)
            )
            outcomes.append(outcome)
            before = known.get(row.row_id)
            if before is not None and before.import_id != header.id:
                outcome.contract_id = before.contract_id
                if before.row_hash == outcome.row_hash:
                    outcome.outcome = UNCHANGED
                else:
                    outcome.outcome = CHANGED
                    outcome.errors.append(
                        FieldError(
                            "row_id",
                            f"imported before (import {before.import_id}) with other content: "
                            "not applied; change the contract or the client in the console",
                        )
                    )
                continue
            errors, offer, start = self._check_row(row, offers, first_of)
            if errors:
                outcome.errors = errors
                continue
            assert offer is not None and start is not None
            outcome.client_id = client_id_of(row.client_ref)
            outcome.contract_id = contract_id_of(row.row_id)
            waiting.append((outcome, row, offer, start))
        self._provision(header, waiting, actor)
        self.ledger.record(header.id, outcomes)

    def _provision(
        self,
        header: ImportHeader,
        waiting: list[tuple[RowOutcome, SourceRow, dict[str, Any], date]],
        actor: str,
    ) -> None:
        if not waiting:
            return
        clients: dict[UUID, dict[str, Any]] = {}
        for outcome, row, offer, _ in waiting:
            assert outcome.client_id is not None
            entry = clients.setdefault(
                outcome.client_id,
                {"client_id": str(outcome.client_id), "data": row.client_data(), "lines": []},
            )
            entry["lines"].append(
                {"subscriber_id": str(subscriber_id_of(row.row_id)), "service": offer["service"]}
            )
        results = {
            UUID(r["client_id"]): r
            for r in self.customers.import_clients(list(clients.values()), actor)
        }
        accepted: list[tuple[RowOutcome, SourceRow, dict[str, Any], date]] = []
        for item in waiting:
            outcome, row = item[0], item[1]
            assert outcome.client_id is not None
            result = results[outcome.client_id]
            number = result["numbers"].get(str(subscriber_id_of(row.row_id)))
            if result["status"] == "rejected" or number is None:
                outcome.errors = [
                    FieldError(e["field"], e["message"]) for e in result["errors"]
                ] or [FieldError("client_ref", "the client could not be registered")]
                outcome.contract_id = None
                continue
            outcome.number = number
            accepted.append(item)
        entered = self.contracts.existing(
            [o.contract_id for o, *_ in accepted if o.contract_id is not None]
        )
        today = self.clock.today()
        aggregates: list[Contract] = []
        for outcome, row, offer, start in accepted:
            assert outcome.contract_id is not None and outcome.client_id is not None
            outcome.outcome = CREATED
            if outcome.contract_id in entered:
                continue  # entered before an interruption: its events are there already
            contract = Contract(
                contract_id=outcome.contract_id,
                order_id=None,
                client_id=outcome.client_id,
                subscriber_id=subscriber_id_of(row.row_id),
                offer_id=UUID(str(offer["id"])),
                offer_version=int(offer["version"]),
                offer_code=str(offer["code"]),
                offer_name=str(offer["name"]),
                service=str(offer["service"]),
                monthly_fee=Decimal(str(offer["monthly_fee"])),
                commitment_months=int(offer["commitment_months"]),
                start_date=start,
                actor=actor,
            )
            contract.record_import(
                import_id=header.id,
                source_row=row.row_id,
                billing_from=header.cutover,
                actor=actor,
            )
            aggregates.extend(start_contract(contract, None, today=today, actor=actor))
        if aggregates:
            self.contracts.save(*aggregates)


class ImportViews(Protocol):
    def get(self, import_id: UUID) -> dict[str, Any] | None:
        """One import's record (status, counts), or None."""
        ...

    def rows(
        self, import_id: UUID, outcome: str | None, page: PageRequest
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of the import's rows (by line) and the total."""
        ...


class ImportQueries:
    def __init__(self, views: ImportViews) -> None:
        self.views = views

    def get(self, import_id: UUID) -> dict[str, Any]:
        found = self.views.get(import_id)
        if found is None:
            raise NotFound(f"no import with id {import_id}")
        return found

    def rows(
        self, import_id: UUID, outcome: str | None, page: PageRequest
    ) -> tuple[list[dict[str, Any]], int]:
        self.get(import_id)
        return self.views.rows(import_id, outcome, page)
