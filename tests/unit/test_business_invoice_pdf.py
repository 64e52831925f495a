"""An invoice to a business (issue 15): its company name, ICE, IF and RC, then its contact
person; once the contact is erased, the company's identity is still printed and the person
is gone. The client's data comes from the customer service at render time (billing stores
none of it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from mtf.billing.adapters.pdf.renderer import render_credit_note, render_invoice
from mtf.billing.application.documents import without_person
from tests.unit.test_invoice_pdf import OPERATOR, _invoice, _layout, _note

BUSINESS: dict[str, Any] = {
    "id": "8f2d2b0e-6a43-4a6e-9c53-0f6c1c0f3f11",
    "kind": "business",
    "company_name": "Atlas Logistique SARL",
    "ice": "001234567000089",
    "tax_id": "12345678",
    "trade_register": "Casablanca 123456",
    "first_name": "Salma",
    "last_name": "Berrada",
    "phone": "0522334455",
    "address": "12 boulevard d'Anfa",
    "city": "Casablanca",
    "cin": None,
    "erased": False,
}


def test_an_invoice_to_a_business_shows_its_ice_and_its_contact(tmp_path: Path) -> None:
    text = _layout(render_invoice(_invoice("FAC-2026-000090"), BUSINESS, OPERATOR), tmp_path)
    client = text.split("Client", 1)[1]
    assert "Atlas Logistique SARL" in client
    assert "ICE 001234567000089" in client  # the client's, not only the seller's
    assert "IF 12345678 - RC Casablanca 123456" in client
    assert "À l'attention de Salma Berrada" in client and "12 boulevard d'Anfa" in client
    # the seller's ICE is still printed (header and footer), distinct from the client's
    assert text.count("ICE 009999999000099") == 2 and text.count("001234567000089") == 1


def test_a_credit_note_to_a_business_shows_its_ice(tmp_path: Path) -> None:
    text = _layout(
        render_credit_note(_note(), _invoice("FAC-2026-000090"), BUSINESS, OPERATOR), tmp_path
    )
    assert "Atlas Logistique SARL" in text and "ICE 001234567000089" in text


def test_an_erased_business_keeps_its_identity_and_loses_its_contact(tmp_path: Path) -> None:
    erased = {
        **{k: None for k in BUSINESS},
        **{
            k: BUSINESS[k]
            for k in ("id", "kind", "company_name", "ice", "tax_id", "trade_register")
        },
        "erased": True,
    }
    shown = without_person(erased)
    assert shown["company_name"] == "Atlas Logistique SARL" and "first_name" not in shown
    # even a client dict still holding the person (a render that lost the race with the
    # erasure) prints only the company
    assert "first_name" not in without_person({**BUSINESS, "erased": True})
    invoice = _invoice("FAC-2026-000091")
    invoice["lines"][0] = {
        k: v for k, v in invoice["lines"][0].items() if k not in ("line_number", "service")
    }
    text = _layout(render_invoice(invoice, without_person(erased), OPERATOR), tmp_path)
    assert "Atlas Logistique SARL" in text and "ICE 001234567000089" in text
    for personal in ("Salma", "Berrada", "0522334455", "boulevard d'Anfa"):
        assert personal not in text
    assert str(UUID(BUSINESS["id"])) in text  # the pseudonymous reference stays


def test_an_individual_prints_as_before() -> None:
    assert without_person(None) == {"erased": True}
    assert without_person({"first_name": "Zoé", "kind": "individual", "erased": True}) == {
        "erased": True
    }
