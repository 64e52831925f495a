"""Shared kernel: money, pagination, tokens, gateway routing."""

from __future__ import annotations

import time
from decimal import Decimal

import jwt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtf.gateway.application.routing import owner_of
from mtf.kernel.auth import (
    AUDIENCE_API,
    ISSUER,
    issue_access_token,
    issue_service_token,
    verify_bearer,
    verify_service,
)
from mtf.kernel.errors import Forbidden, Unauthorized, ValidationFailed
from mtf.kernel.money import parse_amount, to_cents
from mtf.kernel.pagination import decode_cursor, encode_cursor, next_cursor, page_request
from mtf.kernel.service_keys import ServiceKeys

JWT_SECRET = "unit-jwt-secret-0123456789abcdef0123"
KEYS = ServiceKeys.generate()


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=6, allow_nan=False))
def test_rounding_is_half_up_to_the_cent(amount: Decimal) -> None:
    rounded = to_cents(amount)
    assert rounded.as_tuple().exponent == -2
    assert abs(rounded - amount) <= Decimal("0.005")


def test_half_a_cent_rounds_away_from_zero() -> None:
    assert to_cents(Decimal("0.005")) == Decimal("0.01")
    assert to_cents(Decimal("2.675")) == Decimal("2.68")
    assert to_cents(Decimal("-0.005")) == Decimal("-0.01")


@pytest.mark.parametrize("raw", ["1.234", "NaN", "Infinity", "", "1,00", 5, 5.5, True])
def test_amounts_must_be_decimal_strings_with_two_places(raw: object) -> None:
    with pytest.raises(ValueError):
        parse_amount(raw)


@given(st.integers(0, 10**6), st.sampled_from(["code", "-code", "name"]))
def test_a_cursor_round_trips(offset: int, sort: str) -> None:
    assert decode_cursor(encode_cursor(offset, sort), sort) == offset


def test_a_cursor_is_refused_for_another_sort_or_when_forged() -> None:
    with pytest.raises(ValidationFailed):
        decode_cursor(encode_cursor(10, "code"), "-code")
    with pytest.raises(ValidationFailed):
        decode_cursor("not-a-cursor", "code")


def test_paging_walks_every_row_once() -> None:
    total, seen, cursor = 123, 0, None
    while True:
        page = page_request(
            limit=50, cursor=cursor, sort=None, allowed_sorts=("code",), default_sort="code"
        )
        returned = min(page.limit, total - page.offset)
        seen += returned
        cursor = next_cursor(page, returned, total)
        if cursor is None:
            break
    assert seen == total


@pytest.mark.parametrize(
    ("limit", "sort"), [(0, None), (501, None), (10, "password"), (10, "-secret")]
)
def test_limits_and_sorts_outside_the_convention_are_refused(limit: int, sort: str | None) -> None:
    with pytest.raises(ValidationFailed):
        page_request(
            limit=limit, cursor=None, sort=sort, allowed_sorts=("code",), default_sort="code"
        )


def token(**kwargs: object) -> str:
    return issue_access_token(
        JWT_SECRET,
        subject="op-1",
        username="admin",
        permissions=["offers:write"],
        ttl_seconds=60,
        **kwargs,
    )


def verify(header: str | None, **kwargs: object) -> object:
    return verify_bearer(header, jwt_secret=JWT_SECRET, **kwargs)  # type: ignore[arg-type]


def test_an_access_token_identifies_the_operator_and_their_permissions() -> None:
    principal = verify(f"Bearer {token()}")
    assert principal.actor == "operator:admin"  # type: ignore[attr-defined]
    principal.require("offers:write")  # type: ignore[attr-defined]
    with pytest.raises(Forbidden):
        principal.require("payments:write")  # type: ignore[attr-defined]


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer ", "Bearer not.a.jwt"])
def test_missing_or_malformed_tokens_are_refused(header: str | None) -> None:
    with pytest.raises(Unauthorized):
        verify(header)


def test_an_expired_token_is_refused_with_the_reason() -> None:
    now = int(time.time())
    expired = jwt.encode(
        {
            "iss": ISSUER,
            "aud": AUDIENCE_API,
            "sub": "x",
            "kind": "access",
            "iat": now - 100,
            "exp": now - 10,
        },
        JWT_SECRET,
        algorithm="HS256",
    )
    with pytest.raises(Unauthorized, match="expired"):
        verify(f"Bearer {expired}")


def test_a_token_signed_with_another_key_is_refused() -> None:
    forged = issue_access_token(
        "another-secret-0123456789abcdef0123",
        subject="x",
        username="x",
        permissions=[],
        ttl_seconds=60,
    )
    with pytest.raises(Unauthorized):
        verify(f"Bearer {forged}")


def test_tokens_of_another_kind_are_refused() -> None:
    service = issue_service_token(
        KEYS, caller="contracts", target="customer", permissions=("internal:clients",)
    )
    # a route that takes no service token (the gateway's own check passes no keys)
    with pytest.raises(Unauthorized):
        verify(f"Bearer {service}")
    with pytest.raises(Unauthorized):
        verify_service(f"Bearer {token()}", me="customer", keys=KEYS, permission="internal:clients")
    # a service token signed with the operator key does not pass either
    fake_service = jwt.encode(
        {
            "iss": ISSUER,
            "aud": "mtf-service:customer",
            "sub": "service:contracts",
            "name": "contracts",
            "kind": "service",
            "perms": ["internal:clients"],
            "iat": int(time.time()),
            "exp": int(time.time()) + 60,
        },
        JWT_SECRET,
        algorithm="HS256",
        headers={"kid": "contracts"},
    )
    with pytest.raises(Unauthorized):
        verify_service(
            f"Bearer {fake_service}", me="customer", keys=KEYS, permission="internal:clients"
        )


@pytest.mark.parametrize(
    ("path", "owner"),
    [
        ("/offers", "catalog"),
        ("/offers/123/publish", "catalog"),
        ("/auth/token", "identity"),
        ("/clients/1", "customer"),
        ("/clients/1/balance", "collections"),
        ("/provisioning/orders", "contracts"),
        ("/bill-runs", "billing"),
        ("/payments", "collections"),
        ("/audit/offer/1/events", "catalog"),
        ("/audit/invoice/1/events", "billing"),
        ("/audit/journal", "billing"),
        ("/nothing-here", None),
        ("/audit/unknown/1/events", None),
    ],
)
def test_the_gateway_routes_each_path_to_its_owning_service(path: str, owner: str | None) -> None:
    assert owner_of(path) == owner
