"""The rules several services apply, defined once in mtf.kernel.rules: a change in one place
changes them for the console's checkout, the landing page and every service alike."""

from __future__ import annotations

import pytest

from mtf.kernel.errors import ErrorList
from mtf.kernel.rules import TELECOM_SERVICES, check_reason, is_cin, normalise_cin


@pytest.mark.parametrize(
    ("typed", "stored", "valid"),
    [
        ("ab 123456", "AB123456", True),
        (" x1 ", "X1", True),
        ("ABC123", "ABC123", False),
        ("A1234567", "A1234567", False),
        ("", "", False),
    ],
)
def test_a_cin_is_compared_as_stored(typed: str, stored: str, valid: bool) -> None:
    assert normalise_cin(typed) == stored and is_cin(normalise_cin(typed)) is valid


@pytest.mark.parametrize(
    ("reason", "message"),
    [(None, "is required"), ("   ", "is required"), ("x" * 501, "must be at most 500 characters")],
)
def test_a_reason_is_required_and_bounded(reason: str | None, message: str) -> None:
    errors = ErrorList()
    check_reason(errors, reason)
    assert [(e.field, e.message) for e in errors.errors] == [("reason", message)]


def test_a_good_reason_is_answered_stripped_and_the_services_are_the_three_sold() -> None:
    errors = ErrorList()
    assert check_reason(errors, "  moved abroad ") == "moved abroad" and not errors.errors
    assert TELECOM_SERVICES == ("mobile", "internet", "landline")
