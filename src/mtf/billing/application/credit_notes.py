"""Credit notes: asked by an operator (Idempotency-Key, capped at what remains of the
invoice), or issued by billing itself when a contract's end is dated back over days already
billed (prorated exactly like the invoice lines, with the invoice's VAT).

The cap holds whatever the concurrency: the invoice ledger is moved in the credit note's own
transaction and refuses a note that would take it above the invoice total."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

from mtf.billing.application.ports import BillingStore
from mtf.billing.domain.invoice import (
    CreditCapReached,
    CreditNote,
    Invoice,
    credit_back_id_for,
    credit_note_id_for,
)
from mtf.billing.domain.rating import credited_stretches, split_total, totals
from mtf.kernel.clock import Clock
from mtf.kernel.errors import Conflict, ErrorList, NotFound, invalid
from mtf.kernel.logging import get_logger
from mtf.kernel.money import parse_amount
from mtf.kernel.rules import check_reason

log = get_logger("mtf.billing.credit_notes")
SYSTEM = "system:billing"
ZERO = Decimal("0.00")


class Refresher(Protocol):
    def catch_up(self) -> int:
        """Apply what is new."""
        ...


class InvoiceBalances(Protocol):
    def ledger_credited(self, invoice_id: UUID) -> Decimal:
        """What credit notes took from the invoice (the write-side ledger)."""
        ...

    def paid(self, invoice_id: UUID) -> Decimal:
        """What billing knows is paid on the invoice (from collections' feed)."""
        ...


@dataclass(frozen=True)
class EndToCredit:
    contract_id: UUID
    end_date: date
    kind: str  # terminated | superseded


class EndsClaim(Protocol):
    ends: list[EndToCredit]

    def last_billed(self, contract_id: UUID) -> date | None:
        """The contract's last billed day (the ledger)."""
        ...

    def billed_lines(self, contract_id: UUID, after: date) -> dict[UUID, list[dict[str, Any]]]:
        """Per invoice, its lines for this contract ending after that day."""
        ...

    def done(self, end: EndToCredit, status: str) -> None:
        """Mark an end as handled (in the claim's transaction)."""
        ...


class BackdatedEnds(Protocol):
    def claim(self, limit: int) -> AbstractContextManager[EndsClaim]:
        """Up to `limit` contract ends not handled yet, held by this process."""
        ...


def _remaining(invoice: Invoice, credited: Decimal) -> Decimal:
    return invoice.total - credited


def _refundable(invoice: Invoice, amount: Decimal, credited: Decimal, paid: Decimal) -> Decimal:
    """How much of this credit exceeds what was still due: money already paid, which becomes
    the client's credit (collections adds it to the balance)."""
    still_due = max(ZERO, invoice.total - credited - paid)
    return min(amount, max(ZERO, amount - still_due))


class CreditNotes:
    def __init__(
        self,
        store: BillingStore,
        balances: InvoiceBalances,
        read_model: Refresher,
        clock: Clock,
        ends: BackdatedEnds | None = None,
    ) -> None:
        self.store = store
        self.balances = balances
        self.read_model = read_model
        self.clock = clock
        self.ends = ends

    # -- asked by an operator -------------------------------------------------------------

    def issue(
        self,
        invoice_id: UUID,
        amount: str | None,
        reason: str,
        actor: str,
        *,
        idempotency_key: str,
        request_hash: str,
    ) -> UUID:
        """Credit all or part of what remains of an invoice, once per Idempotency-Key."""
        if not idempotency_key or len(idempotency_key) > 200:
            raise invalid("Idempotency-Key", "must be 1 to 200 characters")
        invoice = self.store.invoice(invoice_id)
        credit_note_id = credit_note_id_for(invoice_id, idempotency_key)
        replay = self._replay(credit_note_id, request_hash)
        if replay is not None:
            return replay
        errors = ErrorList()
        check_reason(errors, reason)
        requested: Decimal | None = None
        if amount is not None:
            try:
                requested = parse_amount(amount)
            except ValueError as exc:
                errors.add("amount", str(exc))
        errors.raise_if_any()
        for _attempt in range(20):
            credited = self.balances.ledger_credited(invoice_id)
            remaining = _remaining(invoice, credited)
            if remaining <= 0:
                raise Conflict(f"invoice {invoice.number} is already fully credited")
            value = requested if requested is not None else remaining
            if value > remaining:
                raise invalid(
                    "amount",
                    f"is above the {remaining} {invoice.currency} that remain on invoice "
                    f"{invoice.number}",
                )
            if value == invoice.total:  # the whole invoice: exactly its own split
                subtotal, vat = invoice.subtotal, invoice.vat
            else:
                split = split_total(value, invoice.vat_rate)
                subtotal, vat = split.subtotal, split.vat
            today = self.clock.today()
            numbering = self.store.numbering("AV", today.year)
            [number] = numbering.take([credit_note_id], today)
            note = CreditNote(
                credit_note_id=credit_note_id,
                invoice_id=invoice_id,
                client_id=invoice.client_id,
                number=number,
                amount=value,
                reason=reason.strip(),
                issue_date=today,
                actor=actor,
                subtotal=subtotal,
                vat=vat,
                total=value,
                vat_rate=invoice.vat_rate,
                refundable=_refundable(invoice, value, credited, self.balances.paid(invoice_id)),
                request_hash=request_hash,
            )
            try:
                self.store.save(numbering, note)
            except CreditCapReached:
                continue  # another note on this invoice meanwhile: read what remains again
            except Conflict:
                replay = self._replay(credit_note_id, request_hash)
                if replay is not None:
                    return replay  # the same request, recorded by a concurrent retry
                continue  # numbers taken meanwhile: take the next
            self.read_model.catch_up()
            return credit_note_id
        raise Conflict("too many credit notes at the same moment; retry")

    def _replay(self, credit_note_id: UUID, request_hash: str) -> UUID | None:
        try:
            existing = self.store.credit_note(credit_note_id)
        except NotFound:
            return None
        if existing.request_hash != request_hash:
            raise invalid("Idempotency-Key", "was already used with another request body")
        self.read_model.catch_up()
        return credit_note_id

    # -- backdated contract ends ---------------------------------------------------------

    def credit_backdated_ends(self, limit: int = 50) -> int:
        """Credit the days billed after contracts' (backdated) end dates; idempotent, safe
        to run from several processes and after a crash."""
        if self.ends is None:
            return 0
        with self.ends.claim(limit) as claim:
            for end in claim.ends:
                status = self._credit_back(claim, end)
                claim.done(end, status)
            return len(claim.ends)

    def _credit_back(self, claim: EndsClaim, end: EndToCredit) -> str:
        last_billed = claim.last_billed(end.contract_id)
        if last_billed is None or last_billed <= end.end_date:
            return "nothing"
        # every invoice that moved the ledger to last_billed is committed: in the views now
        self.read_model.catch_up()
        by_invoice = claim.billed_lines(end.contract_id, end.end_date)
        for _attempt in range(20):
            today = self.clock.today()
            drafts: list[tuple[UUID, dict[str, Any]]] = []
            for invoice_id, lines in sorted(by_invoice.items()):
                note_id = credit_back_id_for(end.contract_id, end.end_date, invoice_id)
                try:
                    self.store.credit_note(note_id)
                    continue  # issued before a crash
                except NotFound:
                    pass
                draft = self._draft(end, invoice_id, lines, last_billed, today)
                if draft is not None:
                    drafts.append((note_id, draft))
            if not drafts:
                return "credited"
            numbering = self.store.numbering("AV", today.year)
            numbers = numbering.take([note_id for note_id, _ in drafts], today)
            notes = [
                CreditNote(credit_note_id=note_id, number=number, **draft)
                for (note_id, draft), number in zip(drafts, numbers, strict=True)
            ]
            try:
                self.store.save(numbering, *notes)
            except Conflict:
                continue  # numbers taken (or the invoice credited) meanwhile: again
            for note in notes:
                log.info(
                    "backdated_end_credited",
                    contract_id=str(end.contract_id),
                    invoice_id=str(note.invoice_id),
                    number=note.number,
                    total=str(note.total),
                )
            self.read_model.catch_up()
            return "credited"
        raise Conflict("could not number the credit notes of a backdated end; will retry")

    def _draft(
        self,
        end: EndToCredit,
        invoice_id: UUID,
        lines: list[dict[str, Any]],
        last_billed: date,
        today: date,
    ) -> dict[str, Any] | None:
        """The credit note for one invoice's days after the end (None: nothing to credit)."""
        invoice = self.store.invoice(invoice_id)
        stretches = credited_stretches(lines, end.end_date, last_billed)
        if not stretches:
            return None
        credited = self.balances.ledger_credited(invoice_id)
        remaining = _remaining(invoice, credited)
        if remaining <= 0:
            return None  # credited in full already by other notes
        t = totals([s.amount for s in stretches], invoice.vat_rate)
        total, subtotal, vat = t.total, t.subtotal, t.vat
        if total <= 0:
            return None  # days worth less than a cent: nothing to give back
        if total > remaining:  # other notes took part of it: what remains, split at the rate
            split = split_total(remaining, invoice.vat_rate)
            total, subtotal, vat = remaining, split.subtotal, split.vat
        first, last = stretches[0].start, stretches[-1].end
        what = (
            f"contract terminated on {end.end_date.isoformat()}"
            if end.kind == "terminated"
            else f"plan changed on {(end.end_date + timedelta(days=1)).isoformat()}"
        )
        return {
            "invoice_id": invoice_id,
            "client_id": invoice.client_id,
            "amount": total,
            "reason": f"{what}: days {first.isoformat()}..{last.isoformat()} credited",
            "issue_date": today,
            "actor": SYSTEM,
            "subtotal": subtotal,
            "vat": vat,
            "total": total,
            "vat_rate": invoice.vat_rate,
            "refundable": _refundable(invoice, total, credited, self.balances.paid(invoice_id)),
            "lines": [
                {
                    "contract_id": str(end.contract_id),
                    "start_date": s.start.isoformat(),
                    "end_date": s.end.isoformat(),
                    "days": s.days,
                    "monthly_fee": _fee_of(lines, s.start),
                    "amount": str(s.amount),
                }
                for s in stretches
            ],
        }


def _fee_of(lines: list[dict[str, Any]], day: date) -> str:
    for line in lines:
        if (
            date.fromisoformat(str(line["start_date"]))
            <= day
            <= date.fromisoformat(str(line["end_date"]))
        ):
            return str(line["monthly_fee"])
    raise ValueError(f"no line bills {day.isoformat()}")
