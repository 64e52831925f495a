"""The invoice PDF as a reader sees it: text found, fonts embedded, same invoice same bytes,
whatever else was rendered before or beside it (fonts are parsed once per process and shared)."""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from mtf.billing.adapters.pdf.renderer import Operator, render_invoice

OPERATOR = Operator("MT Télécom", "Avenue Mohammed V, Rabat", "RC 1 - IF 2 - ICE 3")


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
