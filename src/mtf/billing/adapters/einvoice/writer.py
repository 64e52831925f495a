"""The e-invoice writer billing's documents use: UBL 2.1, and Factur-X (the PDF rendered
as PDF/A-3B with the CII XML embedded), with the seller's identity from the settings."""

from __future__ import annotations

from typing import Any

from mtf.billing.adapters.einvoice.cii import build_cii, embed_facturx
from mtf.billing.adapters.einvoice.model import credit_note_document, invoice_document
from mtf.billing.adapters.einvoice.ubl import build_ubl
from mtf.billing.adapters.pdf.renderer import render_credit_note, render_invoice
from mtf.kernel.settings import Seller


class EInvoices:
    def __init__(self, seller: Seller) -> None:
        self.seller = seller

    def invoice_ubl(self, invoice: dict[str, Any], client: dict[str, Any]) -> bytes:
        return build_ubl(invoice_document(invoice, client, self.seller))

    def invoice_facturx(self, invoice: dict[str, Any], client: dict[str, Any]) -> bytes:
        doc = invoice_document(invoice, client, self.seller)
        pdf = render_invoice(invoice, client, self.seller, pdfa=True)
        return embed_facturx(pdf, build_cii(doc), doc)

    def credit_note_ubl(
        self, note: dict[str, Any], invoice: dict[str, Any], client: dict[str, Any]
    ) -> bytes:
        return build_ubl(credit_note_document(note, invoice, client, self.seller))

    def credit_note_facturx(
        self, note: dict[str, Any], invoice: dict[str, Any], client: dict[str, Any]
    ) -> bytes:
        doc = credit_note_document(note, invoice, client, self.seller)
        pdf = render_credit_note(note, invoice, client, self.seller, pdfa=True)
        return embed_facturx(pdf, build_cii(doc), doc)
