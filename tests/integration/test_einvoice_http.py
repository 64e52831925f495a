"""E-invoices through the real billing HTTP API and the gateway, on a real PostgreSQL
(issue 15): an issued invoice and its credit note as UBL 2.1 and Factur-X, valid against
their schemas, with the figures of their PDFs to the cent and the client's name from the
customer service (a business client's: its company name and ICE); and `mtf audit export`,
whose archive holds every document of the month with its SHA-256 and the journal's head."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import time
import uuid
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from facturx import facturx as fx
from lxml import etree

from mtf import cli
from mtf.platform.migrate import migrate_all
from tests.conftest import Databases, make_settings
from tests.dates import month_of, today
from tests.integration.services import ServiceEnv, operator_headers, running_services
from tests.unit.test_einvoice import CII, UBL, UBL_CREDIT_NOTE, UBL_INVOICE, printed, valid

PERMS = [
    "offers:write",
    "clients:write",
    "pii:read",
    "contracts:write",
    "provisioning:write",
    "billing:write",
    "audit:read",
]


class Env(ServiceEnv):
    invoice: dict[str, Any]
    note: dict[str, Any]
    period: str
    company: dict[str, Any]
    company_invoice: dict[str, Any]

    def fetch(self, path: str, via: str = "gateway") -> httpx.Response:
        return httpx.get(self.url(via, path), headers=self.headers, timeout=30)


@pytest.fixture(scope="module")
def env(databases: Databases) -> Iterator[Env]:
    settings = make_settings(databases.create("mtf_einvoice"), auto_bill_run=False)
    migrate_all(settings)
    with running_services(
        settings, ("catalog", "customer", "contracts", "billing", "collections", "gateway")
    ) as running:
        e = Env(running, operator_headers(running, PERMS))
        offer = e.post(
            "catalog",
            "/api/v1/offers",
            {
                "code": f"E-{uuid.uuid4().hex[:8]}",
                "name": "Mobile 30 Go",
                "service": "mobile",
                "monthly_fee": "119.00",
                "components": {"data": {"quota_gb": 30}},
            },
        ).json()
        e.post("catalog", f"/api/v1/offers/{offer['id']}/publish").raise_for_status()
        last_month_end = today().replace(day=1) - timedelta(days=1)
        for n, name in enumerate(("Salma", "Karim")):
            body = {
                "offer_id": offer["id"],
                "effective_date": last_month_end.replace(day=1 + 9 * n).isoformat(),
                "new_client": {
                    "first_name": name,
                    "last_name": "Benjelloun",
                    "cin": f"E{uuid.uuid4().int % 900000 + 100000}",
                    "phone": "0633333333",
                    "city": "Agadir",
                },
            }
            r = e.post(
                "contracts",
                "/api/v1/provisioning/orders",
                body,
                **{"Idempotency-Key": str(uuid.uuid4())},
            )
            assert r.status_code == 201, r.text
            if n == 0:
                salma = r.json()["client_id"]
        # a business client, registered through the customer API, then a checkout for it
        e.company = {
            "kind": "business",
            "company_name": f"Atlas Logistique {uuid.uuid4().hex[:6]}",
            "ice": f"{uuid.uuid4().int % 10**15:015d}",
            "tax_id": "12345678",
            "trade_register": "Casablanca 123456",
            "first_name": "Nadia",
            "last_name": "Berrada",
            "phone": "0522334455",
            "city": "Casablanca",
        }
        company = e.post("customer", "/api/v1/clients", e.company)
        assert company.status_code == 201, company.text
        r = e.post(
            "contracts",
            "/api/v1/provisioning/orders",
            {
                "offer_id": offer["id"],
                "effective_date": last_month_end.replace(day=19).isoformat(),
                "client_id": company.json()["id"],
            },
            **{"Idempotency-Key": str(uuid.uuid4())},
        )
        assert r.status_code == 201, r.text
        e.period = month_of(last_month_end)
        started = e.post("billing", "/api/v1/bill-runs", {"period": e.period})
        assert started.status_code == 202, started.text
        deadline = time.monotonic() + 60
        while e.get("billing", f"/api/v1/bill-runs/{started.json()['id']}")["status"] != (
            "completed"
        ):
            assert time.monotonic() < deadline
            time.sleep(0.1)
        items = e.get("billing", "/api/v1/invoices", period=e.period, sort="number")["items"]
        by_client = {i["client_id"]: i["id"] for i in items}
        e.invoice = e.get("billing", f"/api/v1/invoices/{by_client[salma]}")
        e.company_invoice = e.get("billing", f"/api/v1/invoices/{by_client[company.json()['id']]}")
        r = e.post(
            "billing",
            f"/api/v1/invoices/{e.invoice['id']}/credit-notes",
            {"amount": "24.00", "reason": "Geste commercial"},
            **{"Idempotency-Key": str(uuid.uuid4())},
        )
        assert r.status_code == 201, r.text
        e.note = r.json()
        yield e


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / f"{uuid.uuid4().hex}.pdf"
    path.write_bytes(content)
    return subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_an_invoice_as_ubl_and_facturx_has_its_pdfs_figures_and_the_clients_name(
    env: Env, tmp_path: Path
) -> None:
    invoice = env.invoice
    ubl = env.fetch(f"/api/v1/invoices/{invoice['id']}/ubl")
    assert ubl.status_code == 200, ubl.text
    assert ubl.headers["content-type"].startswith("application/xml")
    assert f'filename="{invoice["number"]}.xml"' in ubl.headers["content-disposition"]
    assert env.fetch(f"/api/v1/invoices/{invoice['id']}/ubl").content == ubl.content
    tree = valid(ubl.content, UBL_INVOICE)
    pdf = env.fetch(f"/api/v1/invoices/{invoice['id']}/pdf").content
    text = pdf_text(pdf, tmp_path)
    ubl_totals = [
        tree.findtext(p, namespaces=UBL)
        for p in (
            "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount",
            "cac:TaxTotal/cbc:TaxAmount",
            "cac:LegalMonetaryTotal/cbc:PayableAmount",
        )
    ]
    assert ubl_totals == [invoice["subtotal"], invoice["vat"], invoice["total"]]
    assert all(f"{printed(t)} MAD" in text for t in ubl_totals)
    amounts = [
        line.findtext("cbc:LineExtensionAmount", namespaces=UBL)
        for line in tree.iterfind("cac:InvoiceLine", UBL)
    ]
    assert amounts == [line["amount"] for line in invoice["lines"]]
    assert all(printed(a) in text for a in amounts)
    buyer = tree.findtext("cac:AccountingCustomerParty/cac:Party/cac:PartyName/cbc:Name", None, UBL)
    assert buyer == "Salma Benjelloun" and buyer in text
    seller = tree.find("cac:AccountingSupplierParty/cac:Party", UBL)
    assert seller.findtext("cac:PartyLegalEntity/cbc:CompanyID", namespaces=UBL) == (
        env.settings.seller.ice
    )

    facturx = env.fetch(f"/api/v1/invoices/{invoice['id']}/facturx")
    assert facturx.status_code == 200 and facturx.headers["content-type"] == "application/pdf"
    assert env.fetch(f"/api/v1/invoices/{invoice['id']}/facturx").content == facturx.content
    name, xml = fx.get_xml_from_pdf(facturx.content, check_xsd=True)
    cii = etree.fromstring(xml)
    assert name == "factur-x.xml" and fx.get_level(cii) == "en16931"
    summary = cii.find(".//ram:SpecifiedTradeSettlementHeaderMonetarySummation", CII)
    assert [
        summary.findtext(f"ram:{t}", namespaces=CII)
        for t in ("TaxBasisTotalAmount", "TaxTotalAmount", "GrandTotalAmount")
    ] == ubl_totals
    facturx_text = pdf_text(facturx.content, tmp_path)
    assert all(f"{printed(t)} MAD" in facturx_text for t in ubl_totals)
    assert "Salma Benjelloun" in facturx_text


def test_a_credit_note_as_ubl_and_facturx_names_the_invoice_it_corrects(
    env: Env, tmp_path: Path
) -> None:
    note = env.note
    ubl = env.fetch(f"/api/v1/credit-notes/{note['id']}/ubl")
    assert ubl.status_code == 200 and ubl.headers["content-type"].startswith("application/xml")
    tree = valid(ubl.content, UBL_CREDIT_NOTE)
    assert (
        tree.findtext("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID", namespaces=UBL)
        == (env.invoice["number"])
    )
    text = pdf_text(env.fetch(f"/api/v1/credit-notes/{note['id']}/pdf").content, tmp_path)
    total = tree.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=UBL)
    vat = tree.findtext("cac:TaxTotal/cbc:TaxAmount", namespaces=UBL)
    assert (total, vat) == (note["total"], note["vat"])
    assert f"{printed(total)} MAD" in text and f"{printed(vat)} MAD" in text
    facturx = env.fetch(f"/api/v1/credit-notes/{note['id']}/facturx")
    assert facturx.status_code == 200
    cii = etree.fromstring(fx.get_xml_from_pdf(facturx.content, check_xsd=True)[1])
    assert cii.findtext("rsm:ExchangedDocument/ram:TypeCode", namespaces=CII) == "381"


def test_a_business_clients_invoice_names_the_company_and_its_ice(env: Env, tmp_path: Path) -> None:
    invoice = env.company_invoice
    ubl = env.fetch(f"/api/v1/invoices/{invoice['id']}/ubl")
    assert ubl.status_code == 200, ubl.text
    tree = valid(ubl.content, UBL_INVOICE)
    buyer = tree.find("cac:AccountingCustomerParty/cac:Party", UBL)
    name, ice = env.company["company_name"], env.company["ice"]
    assert buyer.findtext("cac:PartyName/cbc:Name", namespaces=UBL) == name
    legal = buyer.find("cac:PartyLegalEntity", UBL)
    assert legal.findtext("cbc:RegistrationName", namespaces=UBL) == name
    company_id = legal.find("cbc:CompanyID", UBL)
    assert (company_id.text, company_id.get("schemeID")) == (ice, "ICE")
    assert (
        tree.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=UBL)
        == (invoice["total"])
    )
    text = pdf_text(env.fetch(f"/api/v1/invoices/{invoice['id']}/pdf").content, tmp_path)
    assert name in text and f"ICE {ice}" in text


def test_unknown_documents_are_404_problems_and_a_token_is_needed(env: Env) -> None:
    for path in (
        f"/api/v1/invoices/{uuid.uuid4()}/ubl",
        f"/api/v1/invoices/{uuid.uuid4()}/facturx",
        f"/api/v1/credit-notes/{uuid.uuid4()}/ubl",
        f"/api/v1/credit-notes/{uuid.uuid4()}/facturx",
    ):
        r = env.fetch(path)
        assert r.status_code == 404, path
        assert r.headers["content-type"].startswith("application/problem+json")
    anonymous = httpx.get(env.url("gateway", f"/api/v1/invoices/{env.invoice['id']}/ubl"))
    assert anonymous.status_code == 401


def test_the_audit_export_holds_every_document_of_the_month_with_hashes_and_the_head(
    env: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("mtf.kernel.settings.load_settings", lambda: env.settings)
    issued = env.invoice["issue_date"][:7]  # the month the documents were issued in
    out = tmp_path / "export.zip"
    assert cli.main(["audit", "export", "--period", issued, "--out", str(out)]) == 0
    invoices = env.get("billing", "/api/v1/invoices", limit=500)["items"]
    expected = {i["number"] for i in invoices if i["issue_date"][:7] == issued}
    if env.note["issue_date"][:7] == issued:
        expected.add(env.note["number"])
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert {d["number"] for d in manifest["documents"]} == expected and len(expected) >= 3
        for document in manifest["documents"]:
            content = archive.read(document["file"])
            assert hashlib.sha256(content).hexdigest() == document["sha256"]
            valid(content, UBL_INVOICE if document["kind"] == "invoice" else UBL_CREDIT_NOTE)
            served = env.fetch(
                f"/api/v1/{'invoices' if document['kind'] == 'invoice' else 'credit-notes'}"
                f"/{document['id']}/ubl"
            ).content
            assert served == content  # the archive holds what the API serves
    chains = {c["series"]: c for c in manifest["journal"]}
    for series, chain in chains.items():
        journal = env.get("billing", "/api/v1/audit/journal", series=series)
        assert chain["head"] == journal["head"] and chain["valid"] is journal["valid"] is True
    fac = next(s for s in chains if s.startswith("FAC"))
    assert chains[fac]["documents"] == len(
        [d for d in manifest["documents"] if d["kind"] == "invoice"]
    )
    # the same export gives the same archive; a malformed period is refused, nothing written
    again = tmp_path / "again.zip"
    assert cli.main(["audit", "export", "--period", issued, "--out", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()
    bad = tmp_path / "bad.zip"
    assert cli.main(["audit", "export", "--period", "2026-13", "--out", str(bad)]) == 2
    assert not bad.exists()
