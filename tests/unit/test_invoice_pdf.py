"""The invoice PDF as a reader sees it: text found, fonts embedded, same invoice same bytes,
whatever else was rendered before or beside it (fonts are parsed once per process and shared);
the legal mentions of a Moroccan invoice and credit note (issue 15)."""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from mtf.billing.adapters.pdf.renderer import render_credit_note, render_invoice
from mtf.billing.adapters.pdf.words import amount_in_words
from mtf.kernel.settings import Seller

OPERATOR = Seller(
    name="MT Télécom",
    legal_form="SA",
    address="Avenue Mohammed V, 10000 Rabat",
    rc="Rabat 99999",
    tax_id="99999999",
    ice="009999999000099",
    tp="99999999",
    capital="10000000.00",
    rib="011780000001234567890187",
    bank="Banque de démonstration",
)


def _invoice(number: str, total: str = "178.20") -> dict[str, Any]:
    return {
        "number": number,
        "period": "2026-11",
        "issue_date": "2026-12-01",
        "due_date": "2026-12-31",
        "client_id": "8f2d2b0e-6a43-4a6e-9c53-0f6c1c0f3f11",
        "currency": "MAD",
        "vat_rate": "0.20",
        "subtotal": "148.50",
        "vat": "29.70",
        "total": total,
        "lines": [
            {
                "description": "Mobile 50 Go (MOB-50G)",
                "start_date": "2026-11-01",
                "end_date": "2026-11-30",
                "days": 30,
                "monthly_fee": "148.50",
                "amount": "148.50",
                "line_number": "0612345678",
                "service": "mobile",
            }
        ],
    }


def _client(first_name: str) -> dict[str, Any]:
    return {"first_name": first_name, "last_name": "Idrissi", "city": "Rabat", "cin": "BE1"}


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"poppler-utils ({name}) is needed to read the PDF as a reader would"
    return found


def _read(pdf: bytes, tmp_path: Path, tool: str = "pdftotext") -> str:
    path = tmp_path / "invoice.pdf"
    path.write_bytes(pdf)
    args = [_tool(tool), str(path)] + (["-"] if tool == "pdftotext" else [])
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("first_name", ["Noémie Łucja", "فاطمة الزهراء"])
def test_a_reader_finds_the_number_the_total_and_the_name_with_fonts_embedded(
    first_name: str, tmp_path: Path
) -> None:
    pdf = render_invoice(_invoice("FAC-2026-000042"), _client(first_name), OPERATOR)
    text = _read(pdf, tmp_path)
    assert "FAC-2026-000042" in text and "178,20 MAD" in text
    assert first_name in text
    assert "Date d'échéance" in text
    fonts = _read(pdf, tmp_path, "pdffonts").splitlines()[2:]
    assert len(fonts) == 2
    assert all(" yes " in line.split("Identity-H", 1)[1] for line in fonts)  # embedded


def test_the_same_invoice_gives_the_same_bytes_whatever_was_rendered_between() -> None:
    first = render_invoice(_invoice("FAC-2026-000001"), _client("Zoé"), OPERATOR)
    render_invoice(_invoice("FAC-2026-000002", "9.99"), _client("يوسف"), OPERATOR)
    render_invoice(_invoice("FAC-2026-000003", "1000.00"), _client("Ωmega Ÿves"), OPERATOR)
    assert render_invoice(_invoice("FAC-2026-000001"), _client("Zoé"), OPERATOR) == first


def test_documents_rendered_on_several_threads_are_those_rendered_alone() -> None:
    jobs = [
        (_invoice(f"FAC-2026-{i:06d}", f"{i}.50"), _client(("Zoé", "مريم", "Hélène")[i % 3]))
        for i in range(24)
    ]
    alone = [render_invoice(invoice, client, OPERATOR) for invoice, client in jobs]
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(lambda job: render_invoice(job[0], job[1], OPERATOR), jobs))
    assert together == alone
    assert len(set(alone)) == len(alone)


def _layout(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    args = [_tool("pdftotext"), "-layout", str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _two_lines() -> dict[str, Any]:
    invoice = _invoice("FAC-2026-000077", "237.60")
    invoice["subtotal"], invoice["vat"] = "198.00", "39.60"
    invoice["lines"].append(
        {
            "description": "Fibre 100 Mb (NET-100)",
            "start_date": "2026-11-01",
            "end_date": "2026-11-30",
            "days": 30,
            "monthly_fee": "49.50",
            "amount": "49.50",
            "line_number": "NET00000001",
            "landline_number": "0512345678",
            "service": "internet",
        }
    )
    return invoice


def test_an_invoice_carries_the_legal_mentions_a_tax_auditor_looks_for(tmp_path: Path) -> None:
    text = _layout(render_invoice(_two_lines(), _client("Zoé"), OPERATOR), tmp_path)
    # the seller: name, legal form and capital, address, RC, IF, ICE, TP (and on every page)
    assert "SA au capital de 10 000 000,00 MAD" in text
    identifiers = "RC Rabat 99999 - IF 99999999 - ICE 009999999000099 - TP 99999999"
    assert text.count(identifiers) == 2  # the heading and the page's footer
    assert "FAC-2026-000077 - page 1/1" in text
    # each line: its number (an internet line: its id and bundled landline) and service
    rows = [line for line in text.splitlines() if "01/11/2026" in line]
    assert "0612345678" in rows[0] and "Mobile - Mobile 50 Go (MOB-50G)" in rows[0]
    assert "NET00000001" in rows[1] and "Internet - Fibre 100 Mb (NET-100)" in rows[1]
    assert "fixe 0512345678" in text
    # the VAT summary per rate: rate, base, VAT, total
    summary = text.split("Récapitulatif de la TVA", 1)[1].splitlines()[2].split()
    assert summary == ["20", "%", "198,00", "MAD", "39,60", "MAD", "237,60", "MAD"]
    # the total incl. VAT in words, and how to pay: the due date and the seller's RIB
    assert (
        "Arrêtée la présente facture à la somme de : deux cent trente-sept dirhams et "
        "soixante centimes TTC"
    ) in text
    assert "À régler au plus tard le 31/12/2026" in text
    assert "RIB 011 780 0000012345678901 87" in text


def test_an_erased_clients_invoice_prints_no_line_number(tmp_path: Path) -> None:
    invoice = _invoice("FAC-2026-000078")
    invoice["lines"][0] = {
        k: v for k, v in invoice["lines"][0].items() if k not in ("line_number", "service")
    }
    text = _layout(render_invoice(invoice, {"erased": True}, OPERATOR), tmp_path)
    assert "Client (données effacées)" in text and "0612345678" not in text
    assert "Mobile 50 Go (MOB-50G)" in text


def _note(**changes: Any) -> dict[str, Any]:
    note = {
        "number": "AV-2026-000003",
        "issue_date": "2026-12-05",
        "client_id": "8f2d2b0e-6a43-4a6e-9c53-0f6c1c0f3f11",
        "reason": "geste commercial",
        "vat_rate": "0.20",
        "subtotal": "8.75",
        "vat": "1.75",
        "total": "10.50",
        "refundable": "0.00",
        "lines": [],
    }
    return {**note, **changes}


def test_a_credit_note_names_the_invoice_it_corrects_with_the_same_mentions(
    tmp_path: Path,
) -> None:
    invoice = _two_lines()
    text = _layout(render_credit_note(_note(), invoice, _client("Zoé"), OPERATOR), tmp_path)
    assert "AVOIR AV-2026-000003" in text
    assert "Facture corrigée" in text and "FAC-2026-000077 du 01/12/2026" in text
    assert "geste commercial" in text and "Zoé Idrissi" in text
    assert text.count("ICE 009999999000099") == 2 and "SA au capital de" in text
    summary = text.split("Récapitulatif de la TVA", 1)[1].splitlines()[2].split()
    assert summary == ["20", "%", "8,75", "MAD", "1,75", "MAD", "10,50", "MAD"]
    assert "Arrêté le présent avoir à la somme de : dix dirhams et cinquante centimes TTC" in text
    assert "déduit de ce qui reste dû sur la facture FAC-2026-000077" in text
    # what was already paid becomes the client's credit, and the note says so
    paid = _layout(
        render_credit_note(_note(refundable="2.00"), invoice, _client("Zoé"), OPERATOR), tmp_path
    )
    assert "Dont 2,00 MAD déjà payés" in paid


def test_a_credit_note_of_days_gives_each_line_its_number(tmp_path: Path) -> None:
    line = {**_two_lines()["lines"][1], "start_date": "2026-11-21", "days": 10, "amount": "16.50"}
    note = _note(lines=[line], subtotal="16.50", vat="3.30", total="19.80")
    text = _layout(render_credit_note(note, _two_lines(), _client("Zoé"), OPERATOR), tmp_path)
    row = next(r for r in text.splitlines() if "21/11/2026" in r)
    assert "NET00000001" in row and "16,50" in row
    assert "dix-neuf dirhams et quatre-vingts centimes TTC" in text


def test_the_same_credit_note_gives_the_same_bytes() -> None:
    first = render_credit_note(_note(), _two_lines(), _client("Zoé"), OPERATOR)
    render_credit_note(_note(total="1.00"), _two_lines(), _client("يوسف"), OPERATOR)
    assert render_credit_note(_note(), _two_lines(), _client("Zoé"), OPERATOR) == first


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0.01", "un centime"),
        ("1.00", "un dirham"),
        ("80", "quatre-vingts dirhams"),
        ("81", "quatre-vingt-un dirhams"),
        ("100", "cent dirhams"),
        ("200", "deux cents dirhams"),
        ("1000000.00", "un million de dirhams"),
        ("71.71", "soixante et onze dirhams et soixante et onze centimes"),
        ("237.60", "deux cent trente-sept dirhams et soixante centimes"),
        ("1.01", "un dirham et un centime"),
        ("2000000.80", "deux millions de dirhams et quatre-vingts centimes"),
        ("1000001.00", "un million un dirhams"),
        ("0.00", "zéro dirham"),
    ],
)
def test_amounts_are_written_out_in_french(amount: str, words: str) -> None:
    assert amount_in_words(amount) == words
