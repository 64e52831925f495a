"""The faster codecs of the bill run write exactly what the standard library wrote: events
stored by earlier releases read the same, what is stored now reads the same with the
library's own transcoder (an earlier release), and the journal's content hashes (which an
auditor recomputes) do not change."""

from __future__ import annotations

import enum
import json
from datetime import UTC, date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, UUIDAsHex
from hypothesis import given, settings
from hypothesis import strategies as st

from mtf.billing.domain.journal import (
    _id,
    canonical_json,
    canonical_json_stdlib,
    content_sha256,
    invoice_content,
    money,
)
from mtf.kernel.eventstore import DateAsISO, FastJSONTranscoder


def _pair() -> tuple[FastJSONTranscoder, JSONTranscoder]:
    fast, std = FastJSONTranscoder(), JSONTranscoder()
    for t in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), DateAsISO()):
        fast.register(t)
        std.register(t)
    return fast, std


FAST, STD = _pair()

texts = st.text(st.characters(exclude_categories=("Cs",)))  # no lone surrogates
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**64 - 1),
    texts,
    st.uuids(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.dates(),
    st.datetimes(timezones=st.just(UTC)),
)
states = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(texts, states, max_size=8))
def test_events_are_stored_byte_for_byte_as_the_library_stores_them(state: dict[str, Any]) -> None:
    stored = FAST.encode(state)
    assert stored == STD.encode(state)
    assert FAST.decode(stored) == state
    assert STD.decode(stored) == state  # an earlier release reads it


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(texts, st.floats(allow_nan=False, allow_infinity=False), max_size=4))
def test_floats_read_back_the_same_either_way(state: dict[str, float]) -> None:
    assert STD.decode(FAST.encode(state)) == state
    assert FAST.decode(STD.encode(state)) == state


class Colour(enum.StrEnum):
    RED = "red"


def test_unusual_values_are_stored_as_the_library_stores_them() -> None:
    for state in (
        {"x": float("nan")},
        {"x": float("inf")},
        {"n": {1: "one"}},
        {"c": Colour.RED},
        {"t": (1, 2, UUID(int=5))},
        {"big": 2**70},
    ):
        assert FAST.encode(state) == STD.encode(state)
        assert FAST.decode(STD.encode(state)) == STD.decode(STD.encode(state))
    assert FAST.decode(b'{"x":NaN}')["x"] != FAST.decode(b'{"x":NaN}')["x"]  # NaN read, as json


def test_an_event_of_an_unknown_type_fails_as_before() -> None:
    class Unknown:
        pass

    for codec in (FAST, STD):
        try:
            codec.encode({"x": Unknown()})
        except Exception as exc:  # the library's own error type, either way
            assert "Unknown" in str(exc)
        else:
            raise AssertionError("encoded an unknown type")


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | texts,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=5),
        max_leaves=30,
    )
)
def test_canonical_json_is_the_documented_definition(content: Any) -> None:
    assert canonical_json({"c": content}) == canonical_json_stdlib({"c": content})


def test_every_code_point_is_escaped_as_json_escapes_it() -> None:
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    for start in range(0, len(chars), 4096):
        chunk = chars[start : start + 4096]
        assert canonical_json({"s": chunk}) == canonical_json_stdlib({"s": chunk})


@given(
    st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12),
        st.from_regex(r"-?[0-9]{1,14}(\.[0-9]{0,4})?", fullmatch=True),
    )
)
def test_money_is_half_up_to_the_cent_whatever_its_form(value: Any) -> None:
    expected = str(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    assert money(value) == expected
    assert money(str(value)) == expected


@given(st.uuids())
def test_ids_are_lowercase_hyphenated_whatever_their_form(value: UUID) -> None:
    for form in (value, str(value), str(value).upper(), value.hex, f"{{{value}}}"):
        assert _id(form) == str(value)


def test_an_invoice_content_hash_is_unchanged() -> None:
    """The hash of a fixed invoice, as the previous code (json.dumps) computed it."""
    content = invoice_content(
        id=UUID("6f1c3a52-0000-4000-8000-000000000002"),
        number="FAC-2026-000001",
        client_id=UUID("6f1c3a52-0000-4000-8000-000000000001"),
        period="2026-10",
        issue_date=date(2026, 11, 1),
        due_date=date(2026, 12, 1),
        currency="MAD",
        subtotal=Decimal("98"),
        vat="19.6",
        total=Decimal("117.60"),
        lines=[
            {
                "contract_id": "6F1C3A52-0000-4000-8000-000000000007",
                "subscriber_id": "6f1c3a52-0000-4000-8000-000000000008",
                "description": "Offre « Été » 10 Go\n(عرض)",
                "start_date": "2026-10-01",
                "end_date": date(2026, 10, 31),
                "days": 31,
                "monthly_fee": "98.00",
                "amount": Decimal("98.001"),
            }
        ],
    )
    expected = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical_json(content) == expected.encode("utf-8")
    assert content["lines"][0]["contract_id"] == "6f1c3a52-0000-4000-8000-000000000007"
    assert content["vat"] == "19.60" and content["lines"][0]["amount"] == "98.00"
    assert (
        content_sha256(content)
        == "1819edc7386e3da7a3bb0a7545a1f693b728d9419aa87179069da70d027e850a"
    )
