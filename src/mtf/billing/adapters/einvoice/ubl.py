"""UBL 2.1 `Invoice` and `CreditNote` (OASIS), customised as EN 16931
(`urn:cen.eu:en16931:2017`). Deterministic: the same document gives the same bytes."""

from __future__ import annotations

from typing import Any

from lxml import etree

from mtf.billing.adapters.einvoice.model import EDocument, Party

NS = {
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
CUSTOMIZATION = "urn:cen.eu:en16931:2017"
MEDIA_TYPE = "application/xml"


def _cbc(parent: Any, name: str, text: object, **attrs: str) -> Any:
    element = etree.SubElement(parent, f"{{{NS['cbc']}}}{name}", attrs)
    element.text = str(text)
    return element


def _cac(parent: Any, name: str) -> Any:
    return etree.SubElement(parent, f"{{{NS['cac']}}}{name}")


def _party(parent: Any, role: str, party: Party) -> None:
    body = _cac(_cac(parent, role), "Party")
    identifiers = [("ICE", party.ice), ("IF", party.tax_id), ("RC", party.rc), ("TP", party.tp)]
    if party.reference:
        identifiers.append(("MTF", party.reference))
    for scheme, value in identifiers:
        if value:
            _cbc(_cac(body, "PartyIdentification"), "ID", value, schemeID=scheme)
    _cbc(_cac(body, "PartyName"), "Name", party.name)
    address = _cac(body, "PostalAddress")
    if party.city:
        _cbc(address, "CityName", party.city)
    if party.address:
        _cbc(_cac(address, "AddressLine"), "Line", party.address)
    _cbc(_cac(address, "Country"), "IdentificationCode", party.country)
    if party.tax_id:
        scheme = _cac(body, "PartyTaxScheme")
        _cbc(scheme, "CompanyID", party.tax_id)
        _cbc(_cac(scheme, "TaxScheme"), "ID", "VAT")
    legal = _cac(body, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", party.name)
    if party.ice:
        _cbc(legal, "CompanyID", party.ice, schemeID="ICE")
    if party.legal_form:
        _cbc(legal, "CompanyLegalForm", party.legal_form)


def _tax_category(parent: Any, name: str, doc: EDocument) -> None:
    category = _cac(parent, name)
    _cbc(category, "ID", "S")
    _cbc(category, "Percent", doc.vat_percent)
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")


def build_ubl(doc: EDocument) -> bytes:
    invoice = doc.kind == "invoice"
    root_ns = NS["inv"] if invoice else NS["cn"]
    root = etree.Element(
        f"{{{root_ns}}}{'Invoice' if invoice else 'CreditNote'}",
        nsmap={None: root_ns, "cac": NS["cac"], "cbc": NS["cbc"]},
    )
    cur = {"currencyID": doc.currency}
    _cbc(root, "UBLVersionID", "2.1")
    _cbc(root, "CustomizationID", CUSTOMIZATION)
    _cbc(root, "ID", doc.number)
    _cbc(root, "IssueDate", doc.issue_date.isoformat())
    if invoice:
        if doc.due_date:
            _cbc(root, "DueDate", doc.due_date.isoformat())
        _cbc(root, "InvoiceTypeCode", "380")
    else:
        _cbc(root, "CreditNoteTypeCode", "381")
    for note in doc.notes:
        _cbc(root, "Note", note)
    _cbc(root, "DocumentCurrencyCode", doc.currency)
    _cbc(root, "BuyerReference", doc.buyer.reference or doc.number)
    if doc.period:
        period = _cac(root, "InvoicePeriod")
        _cbc(period, "StartDate", doc.period[0].isoformat())
        _cbc(period, "EndDate", doc.period[1].isoformat())
    if doc.corrected:
        if doc.reason:
            discrepancy = _cac(root, "DiscrepancyResponse")
            _cbc(discrepancy, "Description", doc.reason)
        reference = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(reference, "ID", doc.corrected[0])
        _cbc(reference, "IssueDate", doc.corrected[1].isoformat())
    _party(root, "AccountingSupplierParty", doc.seller)
    _party(root, "AccountingCustomerParty", doc.buyer)
    if invoice and doc.rib:
        means = _cac(root, "PaymentMeans")
        _cbc(means, "PaymentMeansCode", "30")  # credit transfer
        if doc.due_date:
            _cbc(means, "PaymentDueDate", doc.due_date.isoformat())
        _cbc(means, "PaymentID", doc.number)
        account = _cac(means, "PayeeFinancialAccount")
        _cbc(account, "ID", doc.rib)
        if doc.bank:
            _cbc(account, "Name", doc.bank)
    tax_total = _cac(root, "TaxTotal")
    _cbc(tax_total, "TaxAmount", doc.vat, **cur)
    subtotal = _cac(tax_total, "TaxSubtotal")
    _cbc(subtotal, "TaxableAmount", doc.subtotal, **cur)
    _cbc(subtotal, "TaxAmount", doc.vat, **cur)
    _tax_category(subtotal, "TaxCategory", doc)
    totals = _cac(root, "LegalMonetaryTotal")
    _cbc(totals, "LineExtensionAmount", doc.subtotal, **cur)
    _cbc(totals, "TaxExclusiveAmount", doc.subtotal, **cur)
    _cbc(totals, "TaxInclusiveAmount", doc.total, **cur)
    _cbc(totals, "PayableAmount", doc.total, **cur)
    for line in doc.lines:
        row = _cac(root, "InvoiceLine" if invoice else "CreditNoteLine")
        _cbc(row, "ID", line.number)
        _cbc(row, "InvoicedQuantity" if invoice else "CreditedQuantity", "1", unitCode="C62")
        _cbc(row, "LineExtensionAmount", line.amount, **cur)
        if invoice:
            period = _cac(row, "InvoicePeriod")
            _cbc(period, "StartDate", line.start_date.isoformat())
            _cbc(period, "EndDate", line.end_date.isoformat())
        item = _cac(row, "Item")
        if line.description:
            _cbc(item, "Description", line.description)
        _cbc(item, "Name", line.name)
        if line.line_number:
            _cbc(_cac(item, "SellersItemIdentification"), "ID", line.line_number)
        _tax_category(item, "ClassifiedTaxCategory", doc)
        _cbc(_cac(row, "Price"), "PriceAmount", line.amount, **cur)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
