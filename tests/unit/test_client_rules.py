"""Client rules: CIN, phone, e-mail, dates, status, erasure (domain-rules.md, Customer)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtf.customer.domain.client import Client, check_personal_data, normalise_cin
from mtf.kernel.errors import Conflict, ValidationFailed

TODAY = date(2026, 11, 27)
VALID = {"first_name": "Fatima", "last_name": "Zahra", "cin": "BE123456", "phone": "0612345678"}


def refused(data: dict[str, object], **kwargs: object) -> set[str]:
    with pytest.raises(ValidationFailed) as excinfo:
        check_personal_data(data, today=TODAY, **kwargs)  # type: ignore[arg-type]
    return {e.field for e in excinfo.value.errors}


@pytest.mark.parametrize(
    ("raw", "clean"), [("be123456", "BE123456"), (" b 1 ", "B1"), ("AB 12 34 56", "AB123456")]
)
def test_cin_is_normalised_to_upper_case_without_spaces(raw: str, clean: str) -> None:
    assert check_personal_data({**VALID, "cin": raw}, today=TODAY)["cin"] == clean


@given(
    letters=st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=2),
    digits=st.text("0123456789", min_size=1, max_size=6),
)
def test_any_one_or_two_letters_then_one_to_six_digits_is_a_cin(letters: str, digits: str) -> None:
    assert (
        check_personal_data({**VALID, "cin": letters + digits}, today=TODAY)["cin"]
        == letters + digits
    )


@pytest.mark.parametrize("cin", ["123456", "ABC123", "A1234567", "AB", "A-12", ""])
def test_malformed_cins_are_refused(cin: str) -> None:
    assert "cin" in refused({**VALID, "cin": cin})


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("06 12 34 56 78", "0612345678"),
        ("+212612345678", "0612345678"),
        ("00212 5 22 00 00 00", "0522000000"),
    ],
)
def test_moroccan_phone_numbers_are_normalised(raw: str, clean: str) -> None:
    assert check_personal_data({**VALID, "phone": raw}, today=TODAY)["phone"] == clean


@pytest.mark.parametrize("phone", ["12345", "0812345678", "+33612345678", "06123456789"])
def test_other_phone_numbers_are_refused(phone: str) -> None:
    assert refused({**VALID, "phone": phone}) == {"phone"}


def test_required_fields_and_prefix_are_reported_together() -> None:
    assert refused({}, prefix="new_client.") == {
        "new_client.first_name",
        "new_client.last_name",
        "new_client.cin",
        "new_client.phone",
    }


def test_optional_fields_are_checked() -> None:
    assert refused({**VALID, "email": "not-an-email"}) == {"email"}
    assert refused({**VALID, "birth_date": "2030-01-01"}) == {"birth_date"}
    assert refused({**VALID, "birth_date": "17/05/1990"}) == {"birth_date"}
    assert refused({**VALID, "nickname": "x"}) == {"nickname"}
    clean = check_personal_data(
        {**VALID, "email": "Fatima@Example.MA", "birth_date": "1990-05-17", "city": "Rabat"},
        today=TODAY,
    )
    assert clean["email"] == "fatima@example.ma"
    assert clean["birth_date"] == "1990-05-17"


def test_arabic_and_accented_names_are_kept() -> None:
    clean = check_personal_data(
        {**VALID, "first_name": "فاطمة", "last_name": "Zahrâ  El   Idrissi"}, today=TODAY
    )
    assert clean["first_name"] == "فاطمة"
    assert clean["last_name"] == "Zahrâ El Idrissi"


def test_normalise_cin_tolerates_non_text() -> None:
    assert normalise_cin(None) == ""


def make_client() -> Client:
    return Client(
        client_id=uuid.uuid4(), sealed_personal="sealed", cin_hash="h", actor="operator:test"
    )


def test_status_changes_need_a_reason_and_a_real_change() -> None:
    client = make_client()
    with pytest.raises(ValidationFailed):
        client.change_status("suspended", " ", actor="x")
    with pytest.raises(Conflict):
        client.change_status("active", "why not", actor="x")
    client.change_status("suspended", "unpaid", actor="x")
    assert (client.status, client.status_reason) == ("suspended", "unpaid")
    client.change_status("closed", "left", actor="x")
    with pytest.raises(Conflict):
        client.change_status("active", "back", actor="x")


def test_erasure_forgets_the_person_and_happens_once() -> None:
    client = make_client()
    client.erase(removed=False, actor="x")
    assert client.erased and client.sealed_personal == "" and client.cin_hash == ""
    with pytest.raises(Conflict):
        client.erase(removed=False, actor="x")
    with pytest.raises(Conflict):
        client.update_personal_data("other", actor="x")
