"""Money: MAD amounts as Decimal with two places, rounded half-up to the cent."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def to_cents(amount: Decimal) -> Decimal:
    """Round half-up to the cent."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(raw: object) -> Decimal:
    """Parse a decimal string with at most two decimals; raise ValueError with the rule."""
    if isinstance(raw, bool) or not isinstance(raw, str | Decimal):
        raise ValueError('must be a decimal string such as "99.00"')
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise ValueError('must be a decimal string such as "99.00"') from exc
    if not value.is_finite():
        raise ValueError("must be a finite amount")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValueError("must have at most 2 decimal places")
    return to_cents(value)


def format_amount(amount: Decimal) -> str:
    return str(to_cents(amount))
