"""UN/CEFACT Cross Industry Invoice (D16B) at the Factur-X EN 16931 profile, and the
Factur-X PDF: the invoice's PDF rendered as PDF/A-3B with this XML embedded
(`factur-x.xml`), by the `factur-x` library. Deterministic: same document, same bytes."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from typing import Any

from lxml import etree

from mtf.billing.adapters.einvoice.model import EDocument, Party

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
EN16931 = "urn:cen.eu:en16931:2017"


def _el(parent: Any, tag: str, text: object = None, **attrs: str) -> Any:
    prefix, _, name = tag.partition(":")
    element = etree.SubElement(parent, f"{{{NS[prefix]}}}{name}", attrs)
    if text is not None:
        element.text = str(text)
    return element


def _date(parent: Any, tag: str, day: date) -> None:
    _el(_el(parent, tag), "udt:DateTimeString", day.strftime("%Y%m%d"), format="102")


def _party(parent: Any, tag: str, party: Party) -> None:
    body = _el(parent, tag)
    if party.reference:
        _el(body, "ram:ID", party.reference)
    _el(body, "ram:Name", party.name)
    if party.ice:
        _el(_el(body, "ram:SpecifiedLegalOrganization"), "ram:ID", party.ice)
    address = _el(body, "ram:PostalTradeAddress")
    if party.address:
        _el(address, "ram:LineOne", party.address)
    if party.city:
        _el(address, "ram:CityName", party.city)
    _el(address, "ram:CountryID", party.country)
    if party.tax_id:
        # the IF is a tax number (FC), not an EU VAT number (VA)
        _el(_el(body, "ram:SpecifiedTaxRegistration"), "ram:ID", party.tax_id, schemeID="FC")


def build_cii(doc: EDocument) -> bytes:
    root = etree.Element(f"{{{NS['rsm']}}}CrossIndustryInvoice", nsmap=NS)
    context = _el(root, "rsm:ExchangedDocumentContext")
    _el(_el(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", EN16931)
    header = _el(root, "rsm:ExchangedDocument")
    _el(header, "ram:ID", doc.number)
    _el(header, "ram:TypeCode", "380" if doc.kind == "invoice" else "381")
    _date(header, "ram:IssueDateTime", doc.issue_date)
    for note in doc.notes:
        _el(_el(header, "ram:IncludedNote"), "ram:Content", note)
    trade = _el(root, "rsm:SupplyChainTradeTransaction")
    for line in doc.lines:
        item = _el(trade, "ram:IncludedSupplyChainTradeLineItem")
        _el(_el(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", line.number)
        product = _el(item, "ram:SpecifiedTradeProduct")
        if line.line_number:
            _el(product, "ram:SellerAssignedID", line.line_number)
        _el(product, "ram:Name", line.name)
        if line.description:
            _el(product, "ram:Description", line.description)
        agreement = _el(item, "ram:SpecifiedLineTradeAgreement")
        _el(_el(agreement, "ram:NetPriceProductTradePrice"), "ram:ChargeAmount", line.amount)
        _el(_el(item, "ram:SpecifiedLineTradeDelivery"), "ram:BilledQuantity", "1", unitCode="C62")
        settlement = _el(item, "ram:SpecifiedLineTradeSettlement")
        tax = _el(settlement, "ram:ApplicableTradeTax")
        _el(tax, "ram:TypeCode", "VAT")
        _el(tax, "ram:CategoryCode", "S")
        _el(tax, "ram:RateApplicablePercent", doc.vat_percent)
        period = _el(settlement, "ram:BillingSpecifiedPeriod")
        _date(period, "ram:StartDateTime", line.start_date)
        _date(period, "ram:EndDateTime", line.end_date)
        summation = _el(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
        _el(summation, "ram:LineTotalAmount", line.amount)
    agreement = _el(trade, "ram:ApplicableHeaderTradeAgreement")
    _el(agreement, "ram:BuyerReference", doc.buyer.reference or doc.number)
    _party(agreement, "ram:SellerTradeParty", doc.seller)
    _party(agreement, "ram:BuyerTradeParty", doc.buyer)
    _el(trade, "ram:ApplicableHeaderTradeDelivery")
    settlement = _el(trade, "ram:ApplicableHeaderTradeSettlement")
    _el(settlement, "ram:PaymentReference", doc.number)
    _el(settlement, "ram:InvoiceCurrencyCode", doc.currency)
    if doc.kind == "invoice" and doc.rib:
        means = _el(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
        _el(means, "ram:TypeCode", "30")
        account = _el(means, "ram:PayeePartyCreditorFinancialAccount")
        if doc.bank:
            _el(account, "ram:AccountName", doc.bank)
        _el(account, "ram:ProprietaryID", doc.rib)
    tax = _el(settlement, "ram:ApplicableTradeTax")
    _el(tax, "ram:CalculatedAmount", doc.vat)
    _el(tax, "ram:TypeCode", "VAT")
    _el(tax, "ram:BasisAmount", doc.subtotal)
    _el(tax, "ram:CategoryCode", "S")
    _el(tax, "ram:RateApplicablePercent", doc.vat_percent)
    if doc.period:
        period = _el(settlement, "ram:BillingSpecifiedPeriod")
        _date(period, "ram:StartDateTime", doc.period[0])
        _date(period, "ram:EndDateTime", doc.period[1])
    if doc.due_date:
        terms = _el(settlement, "ram:SpecifiedTradePaymentTerms")
        _el(terms, "ram:Description", f"À régler au plus tard le {doc.due_date:%d/%m/%Y}")
        _date(terms, "ram:DueDateDateTime", doc.due_date)
    totals = _el(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _el(totals, "ram:LineTotalAmount", doc.subtotal)
    _el(totals, "ram:TaxBasisTotalAmount", doc.subtotal)
    _el(totals, "ram:TaxTotalAmount", doc.vat, currencyID=doc.currency)
    _el(totals, "ram:GrandTotalAmount", doc.total)
    _el(totals, "ram:DuePayableAmount", doc.total)
    if doc.corrected:
        reference = _el(settlement, "ram:InvoiceReferencedDocument")
        _el(reference, "ram:IssuerAssignedID", doc.corrected[0])
        formatted = _el(reference, "ram:FormattedIssueDateTime")
        _el(formatted, "qdt:DateTimeString", doc.corrected[1].strftime("%Y%m%d"), format="102")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


# factur-x stamps the PDF's and the XMP's dates with the current time: while it embeds, the
# stamps are the document's issue date (the PDF's own creation date), so the same document
# gives the same bytes. Its module functions are shared: one embedding at a time.
_EMBEDDING = threading.Lock()


def embed_facturx(pdf: bytes, xml: bytes, doc: EDocument) -> bytes:
    """The PDF/A-3 with the CII XML attached as `factur-x.xml` (relationship Data), its XMP
    metadata stating the Factur-X EN 16931 profile; checked against the CII XSD."""
    from facturx import facturx as fx

    issued = datetime(doc.issue_date.year, doc.issue_date.month, doc.issue_date.day, tzinfo=UTC)
    title = ("Facture " if doc.kind == "invoice" else "Avoir ") + doc.number
    metadata = {
        "author": doc.seller.name,
        "keywords": "Factur-X, EN 16931",
        "title": title,
        "subject": f"{title} du {doc.issue_date:%d/%m/%Y}, {doc.seller.name}",
    }
    with _EMBEDDING:
        saved = fx._get_pdf_timestamp, fx._get_metadata_timestamp
        try:
            fx._get_pdf_timestamp = lambda date=None: saved[0](date or issued)
            fx._get_metadata_timestamp = lambda: issued.strftime("%Y-%m-%dT%H:%M:%S+00:00")
            out: bytes = fx.generate_from_binary(
                pdf,
                xml,
                flavor="factur-x",
                level="en16931",
                check_xsd=True,
                pdf_metadata=metadata,
                lang="fr-FR",
            )
        finally:
            fx._get_pdf_timestamp, fx._get_metadata_timestamp = saved
    return out
