"""Credit notes and invoice documents (PDF archive)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, Protocol
from uuid import UUID

from mtf.billing.application.ports import BillingStore

# what an erased (or unknown) client's invoice prints: no person, the reference only
ERASED_CLIENT: dict[str, Any] = {"erased": True}
# a business's identity (not personal data): still printed once its contact is erased
COMPANY_KEYS = ("kind", "company_name", "ice", "tax_id", "trade_register")


def without_person(client: dict[str, Any] | None) -> dict[str, Any]:
    """What an invoice prints for an erased (or unknown) client: no person; a business's
    company name and ICE stay (the invoice's legal mentions)."""
    if not client or not client.get("company_name"):
        return ERASED_CLIENT
    return {**ERASED_CLIENT, **{k: client[k] for k in COMPANY_KEYS if client.get(k)}}


# what a credit note's line takes from the invoice's line for the same contract
_LINE_KEYS = ("subscriber_id", "description")


def with_line_numbers(lines: list[dict[str, Any]], client: dict[str, Any]) -> list[dict[str, Any]]:
    """Each line with its subscriber's number and service, from the client's lines as the
    customer service shows them: printed on the client's own invoice, never stored by
    billing. An erased client's lines carry none (their invoice names no person)."""
    subscribers = {str(s["id"]): s for s in client.get("subscribers") or []}
    numbered = []
    for line in lines:
        found = subscribers.get(str(line.get("subscriber_id")))
        if found is None:
            numbered.append(dict(line))
            continue
        numbered.append(
            {
                **line,
                "line_number": found.get("number"),
                "landline_number": found.get("landline_number"),
                "service": found.get("service"),
            }
        )
    return numbered


class ClientDirectory(Protocol):
    def client(self, client_id: UUID) -> dict[str, Any] | None:
        """The client as the customer service shows it, with its lines (`subscribers`:
        id, service, number, landline_number); None if unknown."""
        ...

    def clients(self, client_ids: list[UUID]) -> dict[UUID, dict[str, Any]]:
        """Several clients at once (unknown ones left out)."""
        ...


class DocumentArchive(Protocol):
    def stored(self, invoice_id: UUID) -> bytes | None:
        """The archived PDF of an invoice, if rendered."""
        ...

    def store(self, invoice_id: UUID, pdf: bytes, *, client_id: UUID | None = None) -> bytes | None:
        """Archive the PDF unless one is archived already; return the archived bytes. A PDF
        printed with a person's data names the client: None (nothing stored) if that client
        was erased meanwhile."""
        ...

    def unrendered(self, limit: int) -> list[UUID]:
        """Issued invoices without an archived PDF."""
        ...

    def claim_unrendered(self, limit: int) -> AbstractContextManager[list[UUID]]:
        """Up to `limit` invoices without a PDF that no other worker is rendering; held by
        this worker until the block ends."""
        ...


class EInvoiceWriter(Protocol):
    """Writes the e-invoices of a document from the figures its PDF prints."""

    def invoice_ubl(self, invoice: dict[str, Any], client: dict[str, Any]) -> bytes: ...

    def invoice_facturx(self, invoice: dict[str, Any], client: dict[str, Any]) -> bytes: ...

    def credit_note_ubl(
        self, note: dict[str, Any], invoice: dict[str, Any], client: dict[str, Any]
    ) -> bytes: ...

    def credit_note_facturx(
        self, note: dict[str, Any], invoice: dict[str, Any], client: dict[str, Any]
    ) -> bytes: ...


class InvoiceDocuments:
    """The PDF of an issued invoice is rendered once, archived with its SHA-256, and the
    archived bytes are what is served ever after. The e-invoices (UBL, Factur-X) are written
    on request from the same figures (the same document always gives the same bytes)."""

    def __init__(
        self,
        store: BillingStore,
        archive: DocumentArchive,
        clients: ClientDirectory,
        render: Any,
        render_credit_note: Any = None,
        einvoices: EInvoiceWriter | None = None,
    ) -> None:
        self.store = store
        self.archive = archive
        self.clients = clients
        self.render = render
        self.render_credit_note = render_credit_note
        self.einvoices = einvoices

    def pdf(self, invoice_id: UUID) -> tuple[str, bytes]:
        invoice = self.store.invoice(invoice_id)
        stored = self.archive.stored(invoice_id)
        if stored is None:
            stored = self._archive(invoice, self.clients.client(invoice.client_id))
        return invoice.number, stored

    def render_erased(self, invoice_id: UUID) -> bytes:
        """The invoice's PDF for a client whose personal data was erased: the same
        invoice and figures, the client named only by their pseudonymous reference."""
        invoice = self.store.invoice(invoice_id)
        return self._render(invoice, without_person(self.clients.client(invoice.client_id)))

    def _archive(self, invoice: Any, client: dict[str, Any] | None) -> bytes:
        """Render and archive; a render with the person's data that lands after their
        erasure is refused by the archive and rendered again without them."""
        personal = bool(client) and not (client or {}).get("erased")
        if personal:
            stored = self.archive.store(
                invoice.id, self._render(invoice, client), client_id=invoice.client_id
            )
            if stored is not None:
                return stored
        anonymous = self.archive.store(invoice.id, self._render(invoice, without_person(client)))
        assert anonymous is not None  # only renders naming a client are ever refused
        return anonymous

    def credit_note_pdf(self, credit_note_id: UUID) -> tuple[str, bytes]:
        """A credit note's PDF, rendered from the issued note and the invoice it corrects:
        the same note always gives the same bytes (the person's data left out once erased)."""
        note = self.store.credit_note(credit_note_id)
        data, corrected, client = self._credit_note_data(note)
        pdf: bytes = self.render_credit_note(data, corrected, client)
        return note.number, pdf

    def _client(self, client_id: UUID, known: dict[str, Any] | None = None) -> dict[str, Any]:
        """The client as printed: an erased (or unknown) one by their reference only."""
        client = known if known is not None else self.clients.client(client_id)
        return without_person(client) if not client or client.get("erased") else client

    def _credit_note_data(
        self, note: Any, client: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        invoice = self.store.invoice(note.invoice_id)
        client = self._client(note.client_id, client)
        by_contract = {str(line["contract_id"]): line for line in invoice.lines}
        # a note's lines (the days of a backdated end) name their contract: the invoice's
        # line for that contract tells the subscriber and the offer
        lines = [
            {
                **{k: by_contract.get(str(line["contract_id"]), {}).get(k) for k in _LINE_KEYS},
                **line,
            }
            for line in note.lines
        ]
        data = {
            "number": note.number,
            "issue_date": note.issue_date,
            "client_id": str(note.client_id),
            "reason": note.reason,
            "vat_rate": note.vat_rate,
            "subtotal": note.subtotal,
            "vat": note.vat,
            "total": note.total,
            "refundable": note.refundable,
            "lines": with_line_numbers(lines, client),
        }
        corrected = {
            "number": invoice.number,
            "issue_date": invoice.issue_date,
            "period": invoice.period,
            "client_id": str(invoice.client_id),
            "currency": invoice.currency,
            "vat_rate": invoice.vat_rate,
        }
        return data, corrected, client

    def _render(self, invoice: Any, client: dict[str, Any] | None = None) -> bytes:
        client = client or self.clients.client(invoice.client_id) or {}
        pdf: bytes = self.render(self._invoice_data(invoice, client), client)
        return pdf

    @staticmethod
    def _invoice_data(invoice: Any, client: dict[str, Any]) -> dict[str, Any]:
        return {
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
            "lines": with_line_numbers(invoice.lines, client),
        }

    def _writer(self) -> EInvoiceWriter:
        if self.einvoices is None:
            raise RuntimeError("no e-invoice writer configured")
        return self.einvoices

    def ubl(self, invoice_id: UUID, client: dict[str, Any] | None = None) -> tuple[str, bytes]:
        """The invoice as UBL 2.1 `Invoice`; NotFound for an unknown invoice. `client`: the
        client already looked up (an export looks up many at once)."""
        invoice = self.store.invoice(invoice_id)
        who = self._client(invoice.client_id, client)
        return invoice.number, self._writer().invoice_ubl(self._invoice_data(invoice, who), who)

    def facturx(self, invoice_id: UUID) -> tuple[str, bytes]:
        """The invoice as a Factur-X PDF (PDF/A-3 with its CII XML, EN 16931)."""
        invoice = self.store.invoice(invoice_id)
        who = self._client(invoice.client_id)
        data = self._invoice_data(invoice, who)
        return invoice.number, self._writer().invoice_facturx(data, who)

    def credit_note_ubl(
        self, credit_note_id: UUID, client: dict[str, Any] | None = None
    ) -> tuple[str, bytes]:
        """The credit note as UBL 2.1 `CreditNote`, referring to the invoice it corrects."""
        note = self.store.credit_note(credit_note_id)
        data, corrected, who = self._credit_note_data(note, client)
        return note.number, self._writer().credit_note_ubl(data, corrected, who)

    def credit_note_facturx(self, credit_note_id: UUID) -> tuple[str, bytes]:
        note = self.store.credit_note(credit_note_id)
        data, corrected, who = self._credit_note_data(note)
        return note.number, self._writer().credit_note_facturx(data, corrected, who)

    def archive_pending(self, limit: int = 50) -> int:
        """Render and archive a batch of invoices still without a PDF (several workers share
        the work: each claims its own invoices). The clients are looked up in one call."""
        with self.archive.claim_unrendered(limit) as claimed:
            if not claimed:
                return 0
            invoices = [self.store.invoice(invoice_id) for invoice_id in claimed]
            clients = self.clients.clients(sorted({i.client_id for i in invoices}))
            for invoice in invoices:
                self._archive(invoice, clients.get(invoice.client_id) or ERASED_CLIENT)
            return len(invoices)
