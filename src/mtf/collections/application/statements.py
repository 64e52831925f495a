"""Bank statement import: a statement's credit lines matched to clients and invoices by
what their labels hold, shown to the operator, then posted as payments once per bank
reference.

- Preview (`upload`): each line is `already_posted` (a posted bank transfer carries its bank
  reference), `matched` (the invoice numbers, CINs and ICEs of its label name one client),
  `ambiguous` (they name several: `candidates`) or `unmatched` (they name none).
- Confirmation (`confirm`): every matched line, and every line the operator assigned to a
  client, posts a payment through `Payments.post` (method `bank_transfer`, reference = the
  bank reference, received on the line's date, the named invoices first). The payment's id
  derives from the bank reference alone, so the same reference never posts twice: not when
  the statement is confirmed again, imported again, or confirmed twice at the same time
  (confirmations take one lock, and each line's payment is looked up before it is posted).
  A confirmation that stops half-way resumes where it stopped when asked again."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from mtf.collections.application.ports import Clients, Locks, Receivables, StatementImports
from mtf.collections.application.use_cases import Payments, PostPayment
from mtf.collections.domain.payment import payment_id_for
from mtf.collections.domain.statement import (
    ALREADY_POSTED,
    AMBIGUOUS,
    MATCHED,
    UNMATCHED,
    BadStatement,
    Statement,
    label_keys,
    parse_statement,
)
from mtf.kernel.clock import Clock
from mtf.kernel.errors import ErrorList, NotFound, ValidationFailed
from mtf.kernel.ids import stable_id
from mtf.kernel.logging import get_logger

log = get_logger("mtf.collections.statements")

# the payments of statement lines are the bank's: one caller, whoever confirms
STATEMENT_CALLER = "statement"
CONFIRM_LOCK = stable_id("statement-confirmations")


def statement_payment_id(bank_reference: str) -> UUID:
    return payment_id_for(STATEMENT_CALLER, bank_reference_key(bank_reference))


def bank_reference_key(bank_reference: str) -> str:
    return f"bank-reference:{bank_reference}"


@dataclass(frozen=True)
class Assignment:
    line: int
    client_id: UUID
    invoice_ids: tuple[UUID, ...] = ()


class StatementImporter:
    def __init__(
        self,
        *,
        imports: StatementImports,
        receivables: Receivables,
        clients: Clients,
        payments: Payments,
        locks: Locks,
        clock: Clock,
    ) -> None:
        self.imports = imports
        self.receivables = receivables
        self.clients = clients
        self.payments = payments
        self.locks = locks
        self.clock = clock

    # -- preview -----------------------------------------------------------------------------

    def upload(self, raw: bytes, media_type: str, actor: str) -> dict[str, Any]:
        statement = parse_statement(raw, media_type)
        today = self.clock.today()
        for one in statement.lines:
            if one.booked_on > today:
                raise BadStatement(one.line, "date", "cannot be in the future")
        self.payments.billing_feed.catch_up()  # invoices issued a moment ago are known
        self.payments.read_model.refresh()  # and the bank transfers posted a moment ago
        import_id = uuid.uuid4()
        lines = self._classify(statement)
        self.imports.create(
            {
                "id": import_id,
                "status": "preview",
                "format": statement.format,
                "file_sha256": hashlib.sha256(raw).hexdigest(),
                "lines_total": len(lines),
                "debits_ignored": statement.debits_ignored,
                "created_by": actor,
                "created_at": self.clock.now(),
            },
            lines,
        )
        counts = {s: sum(1 for one in lines if one["state"] == s) for s in _STATES}
        # never the labels: they may hold a name or a CIN
        log.info("statement_previewed", import_id=str(import_id), lines=len(lines), **counts)
        found = self.imports.get(import_id)
        assert found is not None
        return found

    def _classify(self, statement: Statement) -> list[dict[str, Any]]:
        references = [one.bank_reference for one in statement.lines]
        typed = self.imports.bank_transfers_posted(references)
        keys = {one.line: label_keys(one.label) for one in statement.lines}
        numbers = sorted({n for k in keys.values() for n in k.invoice_numbers})
        invoices = self.receivables.invoices_numbered(numbers)
        by_cin: dict[str, list[UUID]] = {}
        by_ice: dict[str, list[UUID]] = {}
        out: list[dict[str, Any]] = []
        for one in statement.lines:
            key = keys[one.line]
            base = {
                "line": one.line,
                "booked_on": one.booked_on,
                "amount": one.amount,
                "label": one.label,
                "bank_reference": one.bank_reference,
                "client_id": None,
                "invoice_ids": [],
                "candidates": [],
            }
            posted = one.bank_reference in typed or (
                self.payments.store.payment(statement_payment_id(one.bank_reference)) is not None
            )
            if posted:
                out.append({**base, "state": ALREADY_POSTED})
                continue
            named = [invoices[n] for n in key.invoice_numbers if n in invoices]
            found: dict[UUID, None] = dict.fromkeys(owner for _, owner in named)
            for cin in key.cins:
                if cin not in by_cin:
                    by_cin[cin] = self.clients.with_cin(cin)
                found.update(dict.fromkeys(by_cin[cin]))
            for ice in key.ices:
                if ice not in by_ice:
                    by_ice[ice] = self.clients.with_ice(ice)
                found.update(dict.fromkeys(by_ice[ice]))
            clients = list(found)
            if len(clients) == 1:
                out.append(
                    {
                        **base,
                        "state": MATCHED,
                        "client_id": clients[0],
                        "invoice_ids": [i for i, owner in named if owner == clients[0]],
                    }
                )
            elif clients:
                out.append({**base, "state": AMBIGUOUS, "candidates": clients})
            else:
                out.append({**base, "state": UNMATCHED})
        return out

    def get(self, import_id: UUID) -> dict[str, Any]:
        found = self.imports.get(import_id)
        if found is None:
            raise NotFound(f"no statement import with id {import_id}")
        return found

    # -- confirmation ------------------------------------------------------------------------

    def _check(self, found: dict[str, Any], assignments: list[Assignment]) -> dict[int, Any]:
        """Every assignment names a line of this import that is not already posted, a client
        the customer service knows and invoices of that client; all checked before anything
        is posted."""
        errors = ErrorList()
        lines = {one["line"]: one for one in found["lines"]}
        checked: dict[int, tuple[UUID, list[UUID]]] = {}
        for i, given in enumerate(assignments):
            field = f"assignments.{i}"
            line = lines.get(given.line)
            if line is None:
                errors.add(f"{field}.line", f"this import has no line {given.line}")
                continue
            if line["state"] == ALREADY_POSTED:
                errors.add(f"{field}.line", f"line {given.line} is already posted")
                continue
            if given.line in checked:
                errors.add(f"{field}.line", f"line {given.line} is assigned twice")
                continue
            if not self.clients.exists(given.client_id):
                errors.add(f"{field}.client_id", "no client with this id")
                continue
            for invoice_id in given.invoice_ids:
                owner = self.receivables.invoice_owner(invoice_id)
                if owner is None:
                    errors.add(f"{field}.invoice_ids", f"no invoice {invoice_id}")
                elif owner != given.client_id:
                    errors.add(
                        f"{field}.invoice_ids", f"invoice {invoice_id} belongs to another client"
                    )
            checked[given.line] = (given.client_id, list(given.invoice_ids))
        errors.raise_if_any()
        return checked

    def confirm(self, import_id: UUID, assignments: list[Assignment], actor: str) -> dict[str, Any]:
        """Post the matched and assigned lines; again (or concurrently): the same answer,
        nothing posted twice."""
        with self.locks.wait(CONFIRM_LOCK):
            found = self.get(import_id)
            if found["status"] == "posted":
                return found
            self.payments.read_model.refresh()  # the bank transfers posted a moment ago
            if found["status"] == "preview":
                self.imports.start_confirm(import_id, self._check(found, assignments), actor)
                found = self.get(import_id)
            posted, skipped, amount = 0, 0, Decimal("0.00")
            for line in found["lines"]:
                if line["outcome"] is not None:
                    posted += line["outcome"] == "posted"
                    skipped += line["outcome"] == "skipped"
                    amount += line["amount"] if line["outcome"] == "posted" else 0
                    continue
                payment_id = self._post(line, actor)
                outcome = "posted" if payment_id is not None else "skipped"
                self.imports.line_done(import_id, line["line"], outcome, payment_id)
                if payment_id is not None:
                    posted += 1
                    amount += line["amount"]
                else:
                    skipped += 1
            self.imports.finish(import_id, posted, skipped, amount, self.clock.now())
            log.info(
                "statement_posted",
                import_id=str(import_id),
                posted=posted,
                skipped=skipped,
                amount=str(amount),
            )
        return self.get(import_id)

    def _post(self, line: dict[str, Any], actor: str) -> UUID | None:
        """The line's payment, or None when it is not to be posted (no client, or its bank
        reference already posted)."""
        if line["state"] == ALREADY_POSTED or line["client_id"] is None:
            return None
        if line["state"] in (AMBIGUOUS, UNMATCHED) and not line["assigned"]:
            return None
        reference = line["bank_reference"]
        payment_id = statement_payment_id(reference)
        if self.payments.store.payment(payment_id) is not None:
            return None  # another import of the same statement posted it meanwhile
        if reference in self.imports.bank_transfers_posted([reference]):
            return None  # typed by hand meanwhile
        body = PostPayment(
            client_id=line["client_id"],
            amount=str(line["amount"]),
            method="bank_transfer",
            reference=reference,
            received_on=line["booked_on"],
            invoice_ids=tuple(line["invoice_ids"]),
        )
        digest = hashlib.sha256(
            json.dumps(
                [str(body.client_id), body.amount, reference, body.received_on.isoformat()]
            ).encode()
        ).hexdigest()
        try:
            payment = self.payments.post(
                body,
                caller=STATEMENT_CALLER,
                idempotency_key=bank_reference_key(reference),
                request_hash=digest,
                actor=actor,
            )
        except ValidationFailed as exc:
            # refused since the preview (the client erased, an invoice gone): this line is
            # not posted, the others are (an unavailable service stops the confirmation; a
            # retry resumes it)
            log.warning(
                "statement_line_refused",
                line=line["line"],
                fields=[e.field for e in exc.errors],
            )
            return None
        return UUID(str(payment.id))


_STATES = (MATCHED, AMBIGUOUS, UNMATCHED, ALREADY_POSTED)
