"""The charter's second critical flow, from the Invoices tab: monthly bill run -> invoice
issued -> PDF downloaded (and read back with pdftotext)."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.dates import today
from tests.e2e.conftest import Stack
from tests.e2e.test_console_browser import sign_in
from tests.unit.test_einvoice import CII, UBL, UBL_CREDIT_NOTE, valid


def test_an_operator_runs_the_monthly_billing_and_downloads_the_invoice_pdf(
    page: Page, stack: Stack, tmp_path: Path
) -> None:
    headers = {"Authorization": f"Bearer {stack.token()}"}
    offer = httpx.get(
        f"{stack.base_url}/api/v1/offers", params={"code": "MOB-50G"}, headers=headers
    ).json()["items"][0]
    cin = f"BR{random.randint(100000, 999999)}"
    order = httpx.post(
        f"{stack.base_url}/api/v1/provisioning/orders",
        json={
            "offer_id": offer["id"],
            "effective_date": "2026-08-11",
            "new_client": {
                "first_name": "Nadia",
                "last_name": "Chraibi",
                "cin": cin,
                "phone": "0677889900",
                "city": "Casablanca",
            },
        },
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert order.status_code == 201, order.text

    sign_in(page, stack)
    page.get_by_role("link", name="Invoices").click()
    page.get_by_label("Period", exact=True).fill("2026-08")
    page.get_by_label("Dry run").check()
    page.get_by_role("button", name="Start bill run").click()
    expect(page.get_by_test_id("bill-run-dry-report")).to_be_visible()
    expect(
        page.get_by_test_id("bill-run-dry-report").get_by_test_id("report-invoices")
    ).to_have_text("1")
    page.get_by_label("Dry run").uncheck()
    page.get_by_role("button", name="Start bill run").click()
    report = page.get_by_test_id("bill-run-report")
    expect(report.get_by_test_id("report-invoices")).to_have_text("1", timeout=30_000)
    # 99.00 x 21/31 = 67.06, + 20 % VAT = 80.47
    expect(report.get_by_test_id("report-amount")).to_contain_text("80.47")

    # the invoices of one client, found by their CIN with the client picker (issue 14)
    page.get_by_label("Client", exact=True).fill(cin)
    page.get_by_role("option", name=re.compile("Nadia Chraibi")).click()
    expect(page.get_by_label("Client", exact=True)).to_have_value("Nadia Chraibi")
    invoices = page.get_by_role("table", name="Invoices")
    expect(invoices.get_by_role("row")).to_have_count(2)
    # the list names the client (one batch lookup, not a request per row)
    expect(invoices.get_by_role("row").nth(1)).to_contain_text("Nadia Chraibi")
    page.get_by_role("table", name="Invoices").get_by_role("row").nth(1).click()
    expect(page.get_by_test_id("invoice-total")).to_contain_text("80.47")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename.startswith(
        f"FAC-{today().year}-"
    ) and download.suggested_filename.endswith(".pdf")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    assert pdftotext
    text = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert download.suggested_filename.removesuffix(".pdf") in text
    assert "80,47 MAD" in text and "Nadia Chraibi" in text
    # the same invoice as e-invoices (issue 15): UBL 2.1 XML and Factur-X, same total
    number = download.suggested_filename.removesuffix(".pdf")
    with page.expect_download() as ubl_download:
        page.get_by_role("button", name="UBL (XML)").click()
    assert ubl_download.value.suggested_filename == f"{number}.xml"
    ubl_path = tmp_path / ubl_download.value.suggested_filename
    ubl_download.value.save_as(ubl_path)
    ubl = ubl_path.read_bytes()
    assert b"<Invoice xmlns=" in ubl and b'<cbc:PayableAmount currencyID="MAD">80.47<' in ubl
    with page.expect_download() as facturx_download:
        page.get_by_role("button", name="Factur-X", exact=True).click()
    assert facturx_download.value.suggested_filename == f"{number}-facturx.pdf"
    facturx_path = tmp_path / facturx_download.value.suggested_filename
    facturx_download.value.save_as(facturx_path)
    from facturx import facturx as fx

    name, xml = fx.get_xml_from_pdf(facturx_path.read_bytes(), check_xsd=True)
    assert name == "factur-x.xml" and b"<ram:GrandTotalAmount>80.47<" in xml

    # a partial credit note from the invoice's page: split at the invoice's VAT rate
    page.get_by_label("Amount").fill("20.47")
    page.get_by_role("button", name="Issue credit note").click()
    expect(page.get_by_text("A reason is required.")).to_be_visible()
    page.get_by_label("Reason", exact=True).fill("geste commercial")
    page.get_by_role("button", name="Issue credit note").click()
    expect(
        page.get_by_text("(MAD 17.06 + VAT MAD 3.41)")
    ).to_be_visible()  # English: Intl puts the code first
    notes = page.get_by_role("table", name="Credit notes")
    expect(notes.get_by_role("row")).to_have_count(2)
    expect(notes).to_contain_text("MAD 20.47")
    invoice = httpx.get(
        f"{stack.base_url}/api/v1/invoices",
        params={"client_id": order.json()["client_id"]},
        headers=headers,
    ).json()["items"][0]
    [note] = invoice["credit_notes"]
    assert (note["subtotal"], note["vat"], note["total"]) == ("17.06", "3.41", "20.47")
    assert invoice["amount_due"] == "60.00"
    # the credit note as PDF, naming the invoice it corrects, its total in words (issue 15)
    with page.expect_download() as note_download:
        page.get_by_role("button", name=f"Download credit note {note['number']} as PDF").click()
    assert note_download.value.suggested_filename == f"{note['number']}.pdf"
    note_path = tmp_path / note_download.value.suggested_filename
    note_download.value.save_as(note_path)
    note_text = subprocess.run(
        [pdftotext, "-layout", str(note_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"AVOIR {note['number']}" in note_text and invoice["number"] in note_text
    assert "vingt dirhams et quarante-sept centimes TTC" in note_text


def test_an_operator_downloads_a_credit_note_as_ubl_and_facturx(
    page: Page, stack: Stack, tmp_path: Path
) -> None:
    """Issue 15: a credit note (issued through the API) downloaded from the console's invoice
    page as UBL 2.1 XML and as Factur-X, both naming the note, its total and the invoice."""
    from facturx import facturx as fx
    from lxml import etree

    headers = {"Authorization": f"Bearer {stack.token()}"}
    offer = httpx.get(
        f"{stack.base_url}/api/v1/offers", params={"code": "MOB-50G"}, headers=headers
    ).json()["items"][0]
    order = httpx.post(
        f"{stack.base_url}/api/v1/provisioning/orders",
        json={
            "offer_id": offer["id"],
            "effective_date": "2026-06-01",
            "new_client": {
                "first_name": "Omar",
                "last_name": "Lahlou",
                "cin": f"CN{random.randint(100000, 999999)}",
                "phone": "0677889911",
            },
        },
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert order.status_code == 201, order.text
    started = httpx.post(
        f"{stack.base_url}/api/v1/bill-runs",
        json={"period": "2026-06"},  # issued today, after the first test's invoice
        headers=headers,
    )
    assert started.status_code == 202, started.text
    run = started.json()
    deadline = time.monotonic() + 60
    while (
        httpx.get(f"{stack.base_url}/api/v1/bill-runs/{run['id']}", headers=headers).json()[
            "status"
        ]
        != "completed"
    ):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    [invoice] = httpx.get(
        f"{stack.base_url}/api/v1/invoices",
        params={"client_id": order.json()["client_id"]},
        headers=headers,
    ).json()["items"]
    created = httpx.post(
        f"{stack.base_url}/api/v1/invoices/{invoice['id']}/credit-notes",
        json={"amount": "12.00", "reason": "Geste commercial"},
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert created.status_code == 201, created.text
    note = created.json()
    assert note["total"] == "12.00"

    sign_in(page, stack)
    page.goto(f"{stack.base_url}/?tab=invoices&invoice={invoice['id']}")
    with page.expect_download() as ubl_download:
        page.get_by_role(
            "button", name=f"Download credit note {note['number']} as UBL (XML)"
        ).click()
    assert ubl_download.value.suggested_filename == f"{note['number']}.xml"
    ubl_path = tmp_path / ubl_download.value.suggested_filename
    ubl_download.value.save_as(ubl_path)
    ubl = valid(ubl_path.read_bytes(), UBL_CREDIT_NOTE)
    assert ubl.findtext("cbc:ID", namespaces=UBL) == note["number"]
    assert ubl.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=UBL) == "12.00"
    assert (
        ubl.findtext("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID", namespaces=UBL)
        == invoice["number"]
    )
    with page.expect_download() as facturx_download:
        page.get_by_role(
            "button", name=f"Download credit note {note['number']} as Factur-X"
        ).click()
    assert facturx_download.value.suggested_filename == f"{note['number']}-facturx.pdf"
    facturx_path = tmp_path / facturx_download.value.suggested_filename
    facturx_download.value.save_as(facturx_path)
    name, xml = fx.get_xml_from_pdf(facturx_path.read_bytes(), check_xsd=True)
    cii = etree.fromstring(xml)
    assert name == "factur-x.xml"
    assert cii.findtext("rsm:ExchangedDocument/ram:ID", namespaces=CII) == note["number"]
    assert cii.findtext("rsm:ExchangedDocument/ram:TypeCode", namespaces=CII) == "381"
    assert cii.findtext(".//ram:GrandTotalAmount", namespaces=CII) == "12.00"
