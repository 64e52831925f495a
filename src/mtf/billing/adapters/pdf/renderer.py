"""Invoice and credit note PDFs with fpdf2 and a Unicode TrueType font shipped in the package (DejaVu
Sans: French accents, Arabic with text shaping). Deterministic: the same invoice always
gives the same bytes (fixed creation date and document id)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from fpdf import FPDF

from mtf.billing.adapters.pdf.embedding import InvoiceOutputProducer, add_cached_font
from mtf.billing.adapters.pdf.words import amount_in_words
from mtf.kernel.settings import Seller

FONTS = Path(__file__).parent / "fonts"


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
    """The document id follows from the document's number (fpdf2 would make a random one);
    every page ends with the seller's legal mentions and its page number."""

    def __init__(self, number: str, seller: Seller, *, pdfa: bool = False) -> None:
        # PDF/A-3B (the Factur-X carrier): fpdf2 adds the sRGB output intent and the XMP
        super().__init__(format="A4", enforce_compliance="PDF/A-3B" if pdfa else None)
        self._doc_id = hashlib.md5(number.encode(), usedforsecurity=False).hexdigest()
        self._seller = seller
        self._number = number

        self._shaping: dict[str, Any] | None = None

    def footer(self) -> None:
        seller = self._seller
        self.set_y(-16)
        self.set_font("DejaVu", "", 7)
        mentions = f"{seller.name} - {_capital(seller)} - {seller.address}"
        self.cell(0, 4, mentions, align="C", new_x="LMARGIN", new_y="NEXT")
        self.cell(
            0,
            4,
            f"{_identifiers(seller)} - {self._number} - page {self.page_no()}/{{nb}}",
            align="C",
        )

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


def render_invoice(
    invoice: dict[str, Any], client: dict[str, Any], seller: Seller, *, pdfa: bool = False
) -> bytes:
    """The invoice as a one-or-more page A4 PDF, with the legal mentions of a Moroccan
    invoice: the seller's identity, each line's number and service, the VAT per rate, the
    total in words and how to pay."""
    pdf = _start(
        f"Facture {invoice['number']}", invoice, client, seller, _texts(invoice["lines"]), pdfa
    )
    currency = invoice.get("currency", "MAD")
    _title(pdf, f"FACTURE {invoice['number']}")
    _facts(
        pdf,
        [
            ("Période", invoice["period"]),
            ("Date d'émission", _date(invoice["issue_date"])),
            ("Date d'échéance", _date(invoice["due_date"])),
        ],
    )
    _client_block(pdf, invoice, client)
    _lines_table(pdf, invoice["lines"])
    vat_rate = Decimal(str(invoice.get("vat_rate", "0.20")))
    _totals(pdf, invoice, vat_rate, currency)
    _in_words(pdf, "Arrêtée la présente facture", invoice["total"], currency)
    _payment(
        pdf,
        seller,
        [
            f"À régler au plus tard le {_date(invoice['due_date'])}, par virement bancaire "
            f"en indiquant la référence {invoice['number']}.",
        ],
    )
    _notice(
        pdf,
        "Facture émise par MT-Facturation. Une facture émise n'est jamais modifiée : "
        "toute correction fait l'objet d'un avoir.",
    )
    return bytes(pdf.output(output_producer_class=InvoiceOutputProducer))


def render_credit_note(
    note: dict[str, Any],
    invoice: dict[str, Any],
    client: dict[str, Any],
    seller: Seller,
    *,
    pdfa: bool = False,
) -> bytes:
    """A credit note as a PDF: the same legal mentions as an invoice, the invoice it
    corrects (number and date), its reason and its amounts."""
    texts = [str(note.get("reason", "")), *_texts(note["lines"])]
    pdf = _start(f"Avoir {note['number']}", note, client, seller, texts, pdfa)
    currency = invoice.get("currency", "MAD")
    _title(pdf, f"AVOIR {note['number']}")
    _facts(
        pdf,
        [
            ("Date d'émission", _date(note["issue_date"])),
            (
                "Facture corrigée",
                f"{invoice['number']} du {_date(invoice['issue_date'])}"
                f" (période {invoice['period']})",
            ),
            ("Motif", str(note.get("reason", ""))),
        ],
    )
    _client_block(pdf, {**note, "client_id": invoice["client_id"]}, client)
    if note["lines"]:
        _lines_table(pdf, note["lines"])
    else:
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(
            0,
            5,
            f"Avoir sur la facture {invoice['number']} du {_date(invoice['issue_date'])}.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(3)
    vat_rate = Decimal(str(note.get("vat_rate") or invoice.get("vat_rate") or "0.20"))
    _totals(pdf, note, vat_rate, currency)
    _in_words(pdf, "Arrêté le présent avoir", note["total"], currency)
    refundable = Decimal(str(note.get("refundable") or "0"))
    settled = [
        f"Ce montant est déduit de ce qui reste dû sur la facture {invoice['number']}.",
    ]
    if refundable > 0:
        settled.append(
            f"Dont {_money(refundable, currency)} déjà payés : ce montant devient un crédit "
            "du client, imputé sur sa prochaine facture ou remboursé sur demande."
        )
    _payment(pdf, seller, settled, transfer=False)
    return bytes(pdf.output(output_producer_class=InvoiceOutputProducer))


SERVICE_LABELS = {"mobile": "Mobile", "landline": "Fixe", "internet": "Internet"}


def _texts(lines: list[dict[str, Any]]) -> list[str]:
    return [str(line.get(key, "")) for line in lines for key in ("description", "line_number")]


def _start(
    title: str,
    document: dict[str, Any],
    client: dict[str, Any],
    seller: Seller,
    texts: list[str],
    pdfa: bool = False,
) -> _InvoicePDF:
    issue = (
        document["issue_date"]
        if isinstance(document["issue_date"], date)
        else date.fromisoformat(str(document["issue_date"]))
    )
    pdf = _InvoicePDF(document["number"], seller, pdfa=pdfa)
    pdf.set_creation_date(datetime(issue.year, issue.month, issue.day, tzinfo=UTC))
    pdf.set_producer("MT-Facturation")
    pdf.set_title(title)
    pdf.set_author(seller.name)
    # Arabic needs the larger font files and text shaping; most invoices need neither, and
    # render twice as fast without (the choice follows from the content: same invoice, same bytes)
    texts = [
        str(v)
        for v in (*client.values(), seller.name, seller.address, seller.rc, seller.bank, *texts)
    ]
    needs_shaping = any(_needs_shaping(text) for text in texts)
    suffix = "" if needs_shaping else "-Latin"
    regular, bold = FONTS / f"DejaVuSans{suffix}.ttf", FONTS / f"DejaVuSans-Bold{suffix}.ttf"
    add_cached_font(pdf, "DejaVu", "", regular, shaping=needs_shaping)
    add_cached_font(pdf, "DejaVu", "B", bold, shaping=needs_shaping)
    if needs_shaping:
        pdf.shape_where_needed()
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.add_page()

    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 8, seller.name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    for line in (_capital(seller), seller.address, _identifiers(seller)):
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    return pdf


def _capital(seller: Seller) -> str:
    capital = _money(seller.capital, "MAD") if seller.capital else "-"
    if seller.legal_form:
        return f"{seller.legal_form} au capital de {capital}"
    return f"Capital social : {capital}"


def _identifiers(seller: Seller) -> str:
    return f"RC {seller.rc} - IF {seller.tax_id} - ICE {seller.ice} - TP {seller.tp}"


def _rib(rib: str) -> str:
    """Bank (3), city (3), account (16), key (2), as a RIB is printed."""
    if len(rib) != 24:
        return rib
    return f"{rib[:3]} {rib[3:6]} {rib[6:22]} {rib[22:]}"


def _title(pdf: FPDF, text: str) -> None:
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")


def _facts(pdf: FPDF, facts: list[tuple[str, str]]) -> None:
    pdf.set_font("DejaVu", "", 10)
    for label, value in facts:
        pdf.cell(45, 6, label)
        pdf.multi_cell(0, 6, str(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


def _client_block(pdf: FPDF, document: dict[str, Any], client: dict[str, Any]) -> None:
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(0, 6, "Client", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    name = " ".join(p for p in (client.get("first_name"), client.get("last_name")) if p)
    if client.get("company_name"):
        # a business: its identity (kept after an erasure), then its contact person
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(0, 6, str(client["company_name"]), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(0, 6, f"ICE {client.get('ice') or '-'}", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(
            0,
            6,
            f"IF {client.get('tax_id') or '-'} - RC {client.get('trade_register') or '-'}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        if name:
            pdf.cell(0, 6, f"À l'attention de {name}", new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.cell(0, 6, name or "Client (données effacées)", new_x="LMARGIN", new_y="NEXT")
    for key in ("address", "city"):
        if client.get(key):
            pdf.cell(0, 6, str(client[key]), new_x="LMARGIN", new_y="NEXT")
    if client.get("cin"):
        pdf.cell(0, 6, f"CIN {client['cin']}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, f"Réf. client {document['client_id']}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


def _lines_table(pdf: FPDF, lines: list[dict[str, Any]]) -> None:
    """A row per line: the subscriber's number (an internet line: its id and bundled
    landline), the service and offer, the days, the fee and the amount excl. VAT."""
    widths = (27, 63, 20, 20, 12, 22, 24)
    headers = ("N° de ligne", "Service", "Du", "Au", "Jours", "Mensualité", "Montant HT")
    aligns = ("L", "L", "C", "C", "C", "R", "R")
    pdf.set_font("DejaVu", "B", 8)
    pdf.set_fill_color(230, 236, 245)
    for width, header in zip(widths, headers, strict=True):
        pdf.cell(width, 7, header, border=1, fill=True, align="C")
    pdf.ln()
    pdf.set_font("DejaVu", "", 8)
    for line in lines:
        number = str(line.get("line_number") or "-")
        service = SERVICE_LABELS.get(str(line.get("service", "")), "")
        description = str(line.get("description", ""))
        designation = (
            f"{service} - {description}" if service and description else service or description
        )
        extra = str(line.get("landline_number") or "")
        cells = (
            number,
            designation[:46],
            _date(line["start_date"]),
            _date(line["end_date"]),
            str(line["days"]),
            _money(line["monthly_fee"], ""),
            _money(line["amount"], ""),
        )
        border: Literal[0, 1] | str = "LTR" if extra else 1
        for width, value, align in zip(widths, cells, aligns, strict=True):
            pdf.cell(width, 6, value, border=border, align=align)
        pdf.ln()
        if extra:  # an internet line's bundled landline, under its line id
            for index, width in enumerate(widths):
                pdf.cell(width, 5, f"fixe {extra}" if index == 0 else "", border="LBR")
            pdf.ln()
    pdf.ln(4)


def _totals(pdf: FPDF, document: dict[str, Any], vat_rate: Decimal, currency: str) -> None:
    """The VAT summary per rate (base excl. VAT, VAT, incl. VAT), then the totals. Every
    line of a document is at the document's rate: VAT is computed once on the subtotal, so
    the summary's figures are the totals' to the cent."""
    pdf.set_font("DejaVu", "B", 9)
    pdf.cell(0, 6, "Récapitulatif de la TVA", new_x="LMARGIN", new_y="NEXT")
    widths = (40, 45, 45, 45)
    pdf.set_fill_color(230, 236, 245)
    for width, header in zip(widths, ("Taux", "Base HT", "Montant TVA", "Total TTC"), strict=True):
        pdf.cell(width, 6, header, border=1, fill=True, align="C")
    pdf.ln()
    pdf.set_font("DejaVu", "", 9)
    row = (
        _rate(vat_rate),
        _money(document["subtotal"], currency),
        _money(document["vat"], currency),
        _money(document["total"], currency),
    )
    for width, value, align in zip(widths, row, ("C", "R", "R", "R"), strict=True):
        pdf.cell(width, 6, value, border=1, align=align)
    pdf.ln(9)
    totals = (
        ("Total HT", document["subtotal"]),
        (f"TVA {_rate(vat_rate)}", document["vat"]),
        ("Total TTC", document["total"]),
    )
    for label, value in totals:
        pdf.set_font("DejaVu", "B" if label == "Total TTC" else "", 10)
        pdf.cell(148, 7, label, align="R")
        pdf.cell(40, 7, _money(value, currency), border=1, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


def _rate(rate: Decimal) -> str:
    percent = (rate * 100).normalize()
    return f"{percent:f} %".replace(".", ",")


def _in_words(pdf: FPDF, opening: str, total: Decimal | str, currency: str) -> None:
    pdf.set_font("DejaVu", "B", 9)
    pdf.multi_cell(
        0,
        5,
        f"{opening} à la somme de : {amount_in_words(total, currency)} TTC",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)


def _payment(pdf: FPDF, seller: Seller, lines: list[str], *, transfer: bool = True) -> None:
    pdf.set_font("DejaVu", "B", 9)
    pdf.cell(0, 6, "Règlement", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    body = list(lines)
    if transfer:
        bank = f" ({seller.bank})" if seller.bank else ""
        body.append(f"Virement au compte de {seller.name}{bank}, RIB {_rib(seller.rib)}.")
    for text in body:
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _notice(pdf: FPDF, text: str) -> None:
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(0, 4, text, new_x="LMARGIN", new_y="NEXT")


def _needs_shaping(text: str) -> bool:
    """Anything beyond Latin-1, Latin Extended-A and general punctuation."""
    return any(not (ord(ch) < 0x180 or 0x2000 <= ord(ch) <= 0x206F or ch in "€№™") for ch in text)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
