"""Money: MAD amounts as Decimal with two places, rounded half-up to the cent.

Every money input is a plain decimal string ("199.00": digits, optionally a dot and one or
two decimals; no sign, exponent, spaces, NaN or Infinity) between 0.01 and the deployment's
upper bound (`MTF_MAX_AMOUNT`, default 100,000,000.00). The database's CHECK constraints
hold the same bound, so nothing the domain accepts can be refused later by a projection."""

from __future__ import annotations

import os
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

CENT = Decimal("0.01")
DEFAULT_MAX_AMOUNT = Decimal("100000000.00")
# numeric(14,2) holds 999,999,999,999.99: the bound may not go past what the tables store
STORABLE_MAX = Decimal("999999999999.99")
_PLAIN = re.compile(r"^[0-9]{1,12}(\.[0-9]{1,2})?$")


def to_cents(amount: Decimal) -> Decimal:
    """Round half-up to the cent."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@lru_cache(maxsize=1)
def max_amount() -> Decimal:
    """The largest amount one input may carry (`MTF_MAX_AMOUNT`)."""
    raw = os.environ.get("MTF_MAX_AMOUNT", "").strip()
    if not raw:
        return DEFAULT_MAX_AMOUNT
    if not _PLAIN.match(raw) or not (CENT <= Decimal(raw) <= STORABLE_MAX):
        raise RuntimeError(
            f"MTF_MAX_AMOUNT={raw!r} must be a plain decimal between 0.01 and {STORABLE_MAX}"
        )
    return to_cents(Decimal(raw))


def parse_amount(raw: object, *, maximum: Decimal | None = None) -> Decimal:
    """Parse a money input; raise ValueError with the rule broken (the caller names the field)."""
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise ValueError('must be a decimal string such as "99.00"')
        raw = format(raw, "f")
    if isinstance(raw, bool) or not isinstance(raw, str):
        raise ValueError('must be a decimal string such as "99.00"')
    if not _PLAIN.match(raw):
        if re.match(r"^[0-9]+\.[0-9]{3,}$", raw):
            raise ValueError("must have at most 2 decimal places")
        if raw.startswith("-"):
            raise ValueError("must be greater than 0")
        raise ValueError(
            'must be a plain decimal string such as "99.00" (digits, at most 2 decimals)'
        )
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only decimals
        raise ValueError('must be a decimal string such as "99.00"') from exc
    if value < CENT:
        raise ValueError("must be greater than 0 (at least 0.01)")
    limit = maximum if maximum is not None else max_amount()
    if value > limit:
        raise ValueError(f"must be at most {limit}")
    return to_cents(value)


def format_amount(amount: Decimal) -> str:
    return str(to_cents(amount))
