"""Invoice PDFs with fpdf2 and a Unicode TrueType font shipped in the package (DejaVu
Sans: French accents, Arabic with text shaping). Deterministic: the same invoice always
gives the same bytes (fixed creation date and document id)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from fpdf import FPDF

from mtf.billing.adapters.pdf.embedding import InvoiceOutputProducer, add_cached_font

FONTS = Path(__file__).parent / "fonts"


@dataclass(frozen=True)
class Operator:
    name: str
    address: str
    identifiers: str


def _money(value: Decimal | str, currency: str) -> str:
    amount = Decimal(value)
    whole, _, cents = f"{amount:.2f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    grouped = " ".join([digits[max(0, i - 3) : i] for i in range(len(digits), 0, -3)][::-1])
    return f"{sign}{grouped},{cents} {currency}"


def _date(value: date | str) -> str:
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return day.strftime("%d/%m/%Y")


class _InvoicePDF(FPDF):
    """The document id follows from the invoice number (fpdf2 would make a random one)."""

    def __init__(self, number: str) -> None:
        super().__init__(format="A4")
        self._doc_id = hashlib.md5(number.encode(), usedforsecurity=False).hexdigest()

        self._shaping: dict[str, Any] | None = None

    def file_id(self) -> str:
        return f"<{self._doc_id}><{self._doc_id}>"

    def shape_where_needed(self) -> None:
        """Shape (HarfBuzz) only the texts that need it: most of an invoice is Latin text,
        which renders as well and three times faster without."""
        self.set_text_shaping(True)
        self._shaping, self.text_shaping = self.text_shaping, None

    def cell(self, *args: Any, **kwargs: Any) -> bool:
        self._shape_for(args[2] if len(args) > 2 else kwargs.get("text", ""))
        return super().cell(*args, **kwargs)

    def multi_cell(self, *args: Any, **kwargs: Any) -> Any:
        self._shape_for(args[2] if len(args) > 2 else kwargs.get("text", ""))
        return super().multi_cell(*args, **kwargs)

    def _shape_for(self, text: str) -> None:
        if self._shaping is not None:
            self.text_shaping = self._shaping if _needs_shaping(text) else None


def render_invoice(invoice: dict[str, Any], client: dict[str, Any], operator: Operator) -> bytes:
    """The invoice as a one-or-more page A4 PDF."""
    issue = (
        invoice["issue_date"]
        if isinstance(invoice["issue_date"], date)
        else date.fromisoformat(invoice["issue_date"])
    )
    pdf = _InvoicePDF(invoice["number"])
    pdf.set_creation_date(datetime(issue.year, issue.month, issue.day, tzinfo=UTC))
    pdf.set_producer("MT-Facturation")
    pdf.set_title(f"Facture {invoice['number']}")
    pdf.set_author(operator.name)
    # Arabic needs the larger font files and text shaping; most invoices need neither, and
    # render twice as fast without (the choice follows from the content: same invoice, same bytes)
    texts = [
        str(v)
        for v in (
            *client.values(),
            operator.name,
            operator.address,
            *(line["description"] for line in invoice["lines"]),
        )
    ]
    needs_shaping = any(_needs_shaping(text) for text in texts)
    suffix = "" if needs_shaping else "-Latin"
    regular, bold = FONTS / f"DejaVuSans{suffix}.ttf", FONTS / f"DejaVuSans-Bold{suffix}.ttf"
    add_cached_font(pdf, "DejaVu", "", regular, shaping=needs_shaping)
    add_cached_font(pdf, "DejaVu", "B", bold, shaping=needs_shaping)
    if needs_shaping:
        pdf.shape_where_needed()
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    currency = invoice.get("currency", "MAD")

    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 8, operator.name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    for line in (operator.address, operator.identifiers):
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)

    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 8, f"FACTURE {invoice['number']}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    facts = [
        ("Période", invoice["period"]),
        ("Date d'émission", _date(invoice["issue_date"])),
        ("Date d'échéance", _date(invoice["due_date"])),
    ]
    for label, value in facts:
        pdf.cell(45, 6, label)
        pdf.cell(0, 6, str(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(0, 6, "Client", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    name = (
        " ".join(p for p in (client.get("first_name"), client.get("last_name")) if p)
        or "Client (données effacées)"
    )
    pdf.cell(0, 6, name, new_x="LMARGIN", new_y="NEXT")
    for key in ("address", "city"):
        if client.get(key):
            pdf.cell(0, 6, str(client[key]), new_x="LMARGIN", new_y="NEXT")
    if client.get("cin"):
        pdf.cell(0, 6, f"CIN {client['cin']}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, f"Réf. client {invoice['client_id']}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    widths = (78, 22, 22, 12, 22, 24)
    headers = ("Désignation", "Du", "Au", "Jours", "Mensualité", "Montant HT")
    pdf.set_font("DejaVu", "B", 9)
    pdf.set_fill_color(230, 236, 245)
    for width, header in zip(widths, headers, strict=True):
        pdf.cell(width, 7, header, border=1, fill=True, align="C")
    pdf.ln()
    pdf.set_font("DejaVu", "", 9)
    for line in invoice["lines"]:
        cells = (
            str(line["description"])[:48],
            _date(line["start_date"]),
            _date(line["end_date"]),
            str(line["days"]),
            _money(line["monthly_fee"], ""),
            _money(line["amount"], ""),
        )
        for width, value, align in zip(widths, cells, ("L", "C", "C", "C", "R", "R"), strict=True):
            pdf.cell(width, 6, value, border=1, align=align)
        pdf.ln()
    pdf.ln(4)

    vat_rate = Decimal(str(invoice.get("vat_rate", "0.20")))
    totals = (
        ("Total HT", invoice["subtotal"]),
        (f"TVA {vat_rate * 100:.0f} %", invoice["vat"]),
        ("Total TTC", invoice["total"]),
    )
    for label, value in totals:
        pdf.set_font("DejaVu", "B" if label == "Total TTC" else "", 10)
        pdf.cell(sum(widths) - 40, 7, label, align="R")
        pdf.cell(40, 7, _money(value, currency), border=1, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(
        0,
        4,
        f"À régler avant le {_date(invoice['due_date'])}. Facture émise par MT-Facturation; "
        "toute correction fait l'objet d'un avoir.",
    )
    return bytes(pdf.output(output_producer_class=InvoiceOutputProducer))


def _needs_shaping(text: str) -> bool:
    """Anything beyond Latin-1, Latin Extended-A and general punctuation."""
    return any(not (ord(ch) < 0x180 or 0x2000 <= ord(ch) <= 0x206F or ch in "€№™") for ch in text)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
