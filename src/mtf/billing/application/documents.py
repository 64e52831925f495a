"""Credit notes and invoice documents (PDF archive)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

from mtf.billing.application.ports import BillingStore
from mtf.billing.domain.invoice import CreditNote
from mtf.kernel.clock import Clock
from mtf.kernel.errors import Conflict, ErrorList
from mtf.kernel.ids import new_id
from mtf.kernel.money import parse_amount


class Refresher(Protocol):
    def catch_up(self) -> int:
        """Apply what is new."""
        ...


class CreditedAmounts(Protocol):
    def credited(self, invoice_id: UUID) -> Decimal:
        """How much of the invoice credit notes already cover."""
        ...


class CreditNotes:
    def __init__(
        self, store: BillingStore, views: CreditedAmounts, read_model: Refresher, clock: Clock
    ) -> None:
        self.store = store
        self.views = views
        self.read_model = read_model
        self.clock = clock

    def issue(self, invoice_id: UUID, amount: str | None, reason: str, actor: str) -> UUID:
        """Credit all or part of what remains of an invoice; never above it."""
        invoice = self.store.invoice(invoice_id)
        errors = ErrorList()
        if not reason or not reason.strip():
            errors.add("reason", "is required")
        elif len(reason.strip()) > 500:
            errors.add("reason", "must be at most 500 characters")
        requested: Decimal | None = None
        if amount is not None:
            try:
                requested = parse_amount(amount)
                if requested <= 0:
                    errors.add("amount", "must be greater than 0")
            except ValueError as exc:
                errors.add("amount", str(exc))
        errors.raise_if_any()
        credit_note_id = new_id()
        today = self.clock.today()
        for _attempt in range(20):
            self.read_model.catch_up()
            remaining = invoice.total - self.views.credited(invoice_id)
            if remaining <= 0:
                raise Conflict(f"invoice {invoice.number} is already fully credited")
            value = requested if requested is not None else remaining
            if value > remaining:
                errors.add(
                    "amount",
                    f"is above the {remaining} {invoice.currency} that remain on invoice {invoice.number}",
                )
                errors.raise_if_any()
            # every credit note of the year goes through one numbering: concurrent notes on
            # the same invoice are serialised there, and the remaining amount read again
            numbering = self.store.numbering("AV", today.year)
            [number] = numbering.take([credit_note_id])
            note = CreditNote(
                credit_note_id=credit_note_id,
                invoice_id=invoice_id,
                client_id=invoice.client_id,
                number=number,
                amount=value,
                reason=reason.strip(),
                issue_date=today,
                actor=actor,
            )
            try:
                self.store.save(numbering, note)
            except Conflict:
                continue
            self.read_model.catch_up()
            return credit_note_id
        raise Conflict("too many credit notes at the same moment; retry")


class ClientDirectory(Protocol):
    def client(self, client_id: UUID) -> dict[str, Any] | None:
        """The client as the customer service shows it (None if unknown)."""
        ...

    def clients(self, client_ids: list[UUID]) -> dict[UUID, dict[str, Any]]:
        """Several clients at once (unknown ones left out)."""
        ...


class DocumentArchive(Protocol):
    def stored(self, invoice_id: UUID) -> bytes | None:
        """The archived PDF of an invoice, if rendered."""
        ...

    def store(self, invoice_id: UUID, pdf: bytes) -> bytes:
        """Archive the PDF unless one is archived already; return the archived bytes."""
        ...

    def unrendered(self, limit: int) -> list[UUID]:
        """Issued invoices without an archived PDF."""
        ...

    def claim_unrendered(self, limit: int) -> AbstractContextManager[list[UUID]]:
        """Up to `limit` invoices without a PDF that no other worker is rendering; held by
        this worker until the block ends."""
        ...


class InvoiceDocuments:
    """The PDF of an issued invoice is rendered once, archived with its SHA-256, and the
    archived bytes are what is served ever after."""

    def __init__(
        self, store: BillingStore, archive: DocumentArchive, clients: ClientDirectory, render: Any
    ) -> None:
        self.store = store
        self.archive = archive
        self.clients = clients
        self.render = render

    def pdf(self, invoice_id: UUID) -> tuple[str, bytes]:
        invoice = self.store.invoice(invoice_id)
        stored = self.archive.stored(invoice_id)
        if stored is None:
            stored = self.archive.store(invoice_id, self._render(invoice))
        return invoice.number, stored

    def _render(self, invoice: Any, client: dict[str, Any] | None = None) -> bytes:
        client = client or self.clients.client(invoice.client_id) or {}
        data = {
            "number": invoice.number,
            "period": invoice.period,
            "issue_date": invoice.issue_date,
            "due_date": invoice.due_date,
            "client_id": str(invoice.client_id),
            "currency": invoice.currency,
            "vat_rate": invoice.vat_rate,
            "subtotal": invoice.subtotal,
            "vat": invoice.vat,
            "total": invoice.total,
            "lines": invoice.lines,
        }
        pdf: bytes = self.render(data, client)
        return pdf

    def archive_pending(self, limit: int = 50) -> int:
        """Render and archive a batch of invoices still without a PDF (several workers share
        the work: each claims its own invoices). The clients are looked up in one call."""
        with self.archive.claim_unrendered(limit) as claimed:
            if not claimed:
                return 0
            invoices = [self.store.invoice(invoice_id) for invoice_id in claimed]
            clients = self.clients.clients(sorted({i.client_id for i in invoices}))
            for invoice in invoices:
                self.archive.store(
                    invoice.id, self._render(invoice, clients.get(invoice.client_id))
                )
            return len(invoices)
