"""What an e-invoice says, built from the very figures the PDF prints (the same `data` dict
the PDF renderer gets): the parties, the lines, the VAT summary, the totals. The UBL and the
CII (Factur-X) writers only spell it out, so the three documents agree to the cent."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from mtf.billing.adapters.pdf.renderer import SERVICE_LABELS
from mtf.billing.adapters.pdf.words import amount_in_words
from mtf.kernel.settings import Seller

ERASED_NAME = "Client (données effacées)"
CENT = Decimal("0.01")


def money(value: Decimal | str) -> str:
    return str(Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP))


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@dataclass(frozen=True)
class Party:
    name: str
    address: str = ""
    city: str = ""
    country: str = "MA"
    ice: str | None = None  # Identifiant Commun de l'Entreprise (15 digits)
    tax_id: str | None = None  # IF
    rc: str | None = None
    tp: str | None = None
    legal_form: str | None = None
    reference: str | None = None  # the buyer's reference (client id)


@dataclass(frozen=True)
class Line:
    number: int
    name: str
    description: str
    start_date: date
    end_date: date
    amount: str  # excl. VAT, what the PDF's "Montant HT" prints
    line_number: str | None = None  # the subscriber's number (or internet line id)


@dataclass(frozen=True)
class EDocument:
    kind: str  # "invoice" or "credit_note"
    number: str
    issue_date: date
    currency: str
    seller: Party
    buyer: Party
    lines: list[Line]
    vat_rate: Decimal
    subtotal: str
    vat: str
    total: str
    due_date: date | None = None
    period: tuple[date, date] | None = None
    corrected: tuple[str, date] | None = None  # the invoice a credit note corrects
    reason: str = ""
    rib: str = ""
    bank: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def vat_percent(self) -> str:
        return f"{(self.vat_rate * 100).quantize(CENT)}"


def _seller(seller: Seller) -> Party:
    capital = f" au capital de {money(seller.capital)} MAD" if seller.capital else ""
    return Party(
        name=seller.name,
        address=seller.address,
        ice=seller.ice,
        tax_id=seller.tax_id,
        rc=seller.rc,
        tp=seller.tp,
        legal_form=f"{seller.legal_form}{capital}".strip() or None,
    )


def _buyer(client: dict[str, Any], client_id: str) -> Party:
    """The client as the PDF prints it (their name and address, from the customer service;
    nothing of it is stored by billing); an erased client is named by their reference only.
    A business client (kind "business") is named by its company name and carries its ICE,
    both from the customer service; an individual has no ICE."""
    name = " ".join(p for p in (client.get("first_name"), client.get("last_name")) if p)
    if client.get("company_name"):
        name = str(client["company_name"])
    return Party(
        name=name or ERASED_NAME,
        address=str(client.get("address") or ""),
        city=str(client.get("city") or ""),
        ice=str(client["ice"]) if client.get("ice") else None,
        reference=client_id,
    )


def _lines(lines: list[dict[str, Any]]) -> list[Line]:
    out = []
    for index, line in enumerate(lines, start=1):
        service = SERVICE_LABELS.get(str(line.get("service", "")), "")
        description = str(line.get("description") or "")
        name = f"{service} - {description}" if service and description else service or description
        start, end = _day(line["start_date"]), _day(line["end_date"])
        days = line.get("days")
        detail = f"du {start.isoformat()} au {end.isoformat()}, {days} jours"
        number = line.get("line_number")
        if number:
            detail = f"ligne {number}, {detail}"
        out.append(
            Line(
                number=index,
                name=name or "Abonnement",
                description=detail,
                start_date=start,
                end_date=end,
                amount=money(line["amount"]),
                line_number=str(number) if number else None,
            )
        )
    return out


def invoice_document(invoice: dict[str, Any], client: dict[str, Any], seller: Seller) -> EDocument:
    """`invoice`: what `render_invoice` gets."""
    lines = _lines(invoice["lines"])
    currency = str(invoice.get("currency") or "MAD")
    starts = [line.start_date for line in lines]
    ends = [line.end_date for line in lines]
    return EDocument(
        kind="invoice",
        number=str(invoice["number"]),
        issue_date=_day(invoice["issue_date"]),
        due_date=_day(invoice["due_date"]),
        currency=currency,
        seller=_seller(seller),
        buyer=_buyer(client, str(invoice["client_id"])),
        lines=lines,
        vat_rate=Decimal(str(invoice.get("vat_rate") or "0.20")),
        subtotal=money(invoice["subtotal"]),
        vat=money(invoice["vat"]),
        total=money(invoice["total"]),
        period=(min(starts), max(ends)) if lines else None,
        rib=seller.rib,
        bank=seller.bank,
        notes=[
            f"Période {invoice['period']}",
            "Arrêtée la présente facture à la somme de : "
            f"{amount_in_words(invoice['total'], currency)} TTC",
        ],
    )


def credit_note_document(
    note: dict[str, Any], invoice: dict[str, Any], client: dict[str, Any], seller: Seller
) -> EDocument:
    """`note`, `invoice`: what `render_credit_note` gets. A credit note asked by an operator
    has no lines (its PDF prints "Avoir sur la facture …"): an e-invoice needs one, so it
    has a single line of that text for the note's amount excl. VAT."""
    currency = str(invoice.get("currency") or "MAD")
    corrected = (str(invoice["number"]), _day(invoice["issue_date"]))
    lines = _lines(note["lines"])
    if not lines:
        issued = _day(note["issue_date"])
        lines = [
            Line(
                number=1,
                name=f"Avoir sur la facture {corrected[0]} du {corrected[1].strftime('%d/%m/%Y')}",
                description=str(note.get("reason") or ""),
                start_date=issued,
                end_date=issued,
                amount=money(note["subtotal"]),
            )
        ]
    return EDocument(
        kind="credit_note",
        number=str(note["number"]),
        issue_date=_day(note["issue_date"]),
        currency=currency,
        seller=_seller(seller),
        buyer=_buyer(client, str(invoice["client_id"])),
        lines=lines,
        vat_rate=Decimal(str(note.get("vat_rate") or invoice.get("vat_rate") or "0.20")),
        subtotal=money(note["subtotal"]),
        vat=money(note["vat"]),
        total=money(note["total"]),
        corrected=corrected,
        reason=str(note.get("reason") or ""),
        rib=seller.rib,
        bank=seller.bank,
        notes=[
            f"Motif : {note.get('reason') or ''}",
            "Arrêté le présent avoir à la somme de : "
            f"{amount_in_words(note['total'], currency)} TTC",
        ],
    )
