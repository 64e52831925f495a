"""Invoice PDF renders per second on one core, and the size of a typical invoice PDF.
Target (docs/performance.md): at least 100 renders per second on one core.

    .venv/bin/python -m bench.pdf_render --count 200
"""

from __future__ import annotations

import argparse
import time

from mtf.billing.adapters.pdf.renderer import render_invoice
from mtf.kernel.settings import load_settings

INVOICE = {
    "number": "FAC-2026-000123",
    "period": "2026-11",
    "issue_date": "2026-12-01",
    "due_date": "2026-12-31",
    "client_id": "8f2d2b0e-6a43-4a6e-9c53-0f6c1c0f3f11",
    "currency": "MAD",
    "vat_rate": "0.20",
    "subtotal": "148.50",
    "vat": "29.70",
    "total": "178.20",
    "lines": [
        {
            "description": "Mobile 10 Go (MOB-10G)",
            "start_date": "2026-11-01",
            "end_date": "2026-11-15",
            "days": 15,
            "monthly_fee": "49.00",
            "amount": "24.50",
            "line_number": "0612345678",
            "service": "mobile",
        },
        {
            "description": "Mobile 50 Go (MOB-50G)",
            "start_date": "2026-11-16",
            "end_date": "2026-11-30",
            "days": 15,
            "monthly_fee": "99.00",
            "amount": "49.50",
            "line_number": "0612345678",
            "service": "mobile",
        },
        {
            "description": "Fixe Monde 10 h (FIXE-MONDE)",
            "start_date": "2026-11-01",
            "end_date": "2026-11-30",
            "days": 30,
            "monthly_fee": "74.50",
            "amount": "74.50",
            "line_number": "0537123456",
            "service": "landline",
        },
    ],
}
CLIENT = {
    "first_name": "Fatima Zahra",
    "last_name": "El Idrissi",
    "address": "12 rue des Orangers",
    "city": "Rabat",
    "cin": "BE123456",
}
OPERATOR = load_settings().seller  # the development seller (MTF_SELLER_* when set)


def _variant(i: int, arabic: bool) -> tuple[dict[str, object], dict[str, object]]:
    """A different invoice each time (number, client, amounts), so nothing is rendered twice."""
    invoice = dict(INVOICE, number=f"FAC-2026-{i:06d}", client_id=f"client-{i:08d}")
    invoice["lines"] = [
        dict(line, amount=f"{10 + (i * 7 + n) % 90}.{i % 100:02d}")
        for n, line in enumerate(INVOICE["lines"])  # type: ignore[arg-type]
    ]
    first = NAMES_AR[i % len(NAMES_AR)] if arabic else NAMES[i % len(NAMES)]
    client = dict(CLIENT, first_name=first, address=f"{i % 200 + 1} rue des Orangers")
    return invoice, client


NAMES = ("Fatima Zahra", "Youssef", "Noémie", "Hélène", "Ayoub", "Kawtar", "Łukasz", "Zoé")
NAMES_AR = ("فاطمة", "يوسف", "مريم", "أيوب")


def _rate(count: int, arabic: bool) -> tuple[float, int]:
    documents = [_variant(i, arabic) for i in range(count)]
    invoice, client = documents[0]
    sample = render_invoice(invoice, client, OPERATOR)
    assert render_invoice(invoice, client, OPERATOR) == sample, "same invoice, same bytes"
    started = time.process_time()
    for invoice, client in documents:
        render_invoice(invoice, client, OPERATOR)
    return count / (time.process_time() - started), len(sample)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    render_invoice(INVOICE, CLIENT, OPERATOR)  # fonts are loaded once per process
    rate, size = _rate(args.count, arabic=False)
    rate_ar, size_ar = _rate(args.count, arabic=True)
    print(f"{args.count} different 3-line invoices, fonts embedded (no per-document subsetting)")
    print(f"typical invoice PDF (Latin text): {size} bytes; with an Arabic name: {size_ar} bytes")
    print(
        f"renders per second on one core (CPU time): {rate:.1f}; with Arabic shaping: {rate_ar:.1f}"
    )
    print(f"  target >= 100/s: {'MET' if rate >= 100 else 'MISSED'}")


if __name__ == "__main__":
    main()
