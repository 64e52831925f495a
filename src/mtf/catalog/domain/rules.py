"""Offer construction rules (domain-rules.md, Catalog). Every violation names its field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from mtf.kernel.errors import ErrorList
from mtf.kernel.money import parse_amount
from mtf.kernel.rules import TELECOM_SERVICES

SERVICES = TELECOM_SERVICES
COMMITMENTS = (0, 12, 24)
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,31}$")

COMPONENTS: dict[str, tuple[str, ...]] = {
    "mobile": ("data", "calls"),
    "internet": ("fiber", "adsl", "landline", "tv"),
    "landline": ("national", "international_hours", "phone_hours"),
}


@dataclass(frozen=True)
class OfferTerms:
    """What a version of an offer sells: its name, price, commitment and components."""

    name: str
    monthly_fee: Decimal
    commitment_months: int
    components: dict[str, Any]


def is_int(value: object) -> bool:
    """JSON integers only: not floats (1.5, 2.0), not strings ("2"), not booleans."""
    return isinstance(value, int) and not isinstance(value, bool)


def normalise_code(code: object, errors: ErrorList) -> str:
    if not isinstance(code, str) or not code.strip():
        errors.add("code", "is required")
        return ""
    normalised = code.strip().upper()
    if not CODE_RE.match(normalised):
        errors.add(
            "code", "must be 2 to 32 letters, digits, '-' or '_', starting with a letter or digit"
        )
    return normalised


def check_service(service: object, errors: ErrorList) -> str:
    if service not in SERVICES:
        errors.add("service", f"must be one of {', '.join(SERVICES)}")
        return ""
    return str(service)


def _int_at_least(value: object, minimum: int, path: str, errors: ErrorList) -> None:
    if not is_int(value):
        errors.add(path, "must be an integer")
    elif value < minimum:  # type: ignore[operator]
        errors.add(path, f"must be >= {minimum}")


def _quota_or_unlimited(value: object, quota_key: str, path: str, errors: ErrorList) -> None:
    if not isinstance(value, dict):
        errors.add(path, f'must be an object: {{"{quota_key}": n}} or {{"unlimited": true}}')
        return
    keys = set(value)
    if keys == {"unlimited"}:
        if value["unlimited"] is not True:
            errors.add(f"{path}.unlimited", "must be true (omit the component to leave it out)")
    elif keys == {quota_key}:
        _int_at_least(value[quota_key], 1, f"{path}.{quota_key}", errors)
    else:
        errors.add(path, f'must be either {{"{quota_key}": n}} or {{"unlimited": true}}')


def _empty_object(value: object, path: str, errors: ErrorList) -> None:
    if not isinstance(value, dict) or value:
        errors.add(path, "must be an empty object {}")


def check_components(service: str, components: object, errors: ErrorList) -> dict[str, Any]:
    if not isinstance(components, dict):
        errors.add("components", "must be an object")
        return {}
    allowed = COMPONENTS.get(service, ())
    for key in components:
        if key not in allowed:
            owners = [s for s, keys in COMPONENTS.items() if key in keys]
            reason = (
                f"belongs to the {owners[0]} service, not {service}"
                if owners
                else "is not a known component"
            )
            errors.add(f"components.{key}", reason)
    if service == "mobile":
        if "data" not in components and "calls" not in components:
            errors.add("components", "a mobile offer needs data or calls (or both)")
        if "data" in components:
            _quota_or_unlimited(components["data"], "quota_gb", "components.data", errors)
        if "calls" in components:
            _quota_or_unlimited(components["calls"], "hours", "components.calls", errors)
    elif service == "internet":
        access = [k for k in ("fiber", "adsl") if k in components]
        if not access:
            errors.add("components.fiber", "an internet offer needs exactly one of fiber or adsl")
        elif len(access) == 2:
            errors.add("components.adsl", "fiber and adsl cannot both be in one offer")
        for key in access:
            speed = components[key]
            if not isinstance(speed, dict) or set(speed) != {"speed_mbps"}:
                errors.add(f"components.{key}", '{"speed_mbps": n} is expected')
            else:
                _int_at_least(speed["speed_mbps"], 1, f"components.{key}.speed_mbps", errors)
        if "landline" not in components:
            errors.add("components.landline", "is mandatory in an internet offer")
        else:
            _empty_object(components["landline"], "components.landline", errors)
        if "tv" in components:
            _empty_object(components["tv"], "components.tv", errors)
    elif service == "landline":
        if "national" in components:
            national = components["national"]
            if (
                not isinstance(national, dict)
                or set(national) != {"unlimited"}
                or not isinstance(national["unlimited"], bool)
            ):
                errors.add("components.national", '{"unlimited": true|false} is expected')
        for key in ("international_hours", "phone_hours"):
            if key in components:
                _int_at_least(components[key], 0, f"components.{key}", errors)
    return dict(components)


def check_terms(
    service: str,
    *,
    name: object,
    monthly_fee: object,
    commitment_months: object,
    components: object,
    errors: ErrorList,
) -> OfferTerms:
    clean_name = ""
    if not isinstance(name, str) or not name.strip():
        errors.add("name", "is required")
    elif len(name.strip()) > 120:
        errors.add("name", "must be at most 120 characters")
    else:
        clean_name = name.strip()
    fee = Decimal(0)
    try:
        fee = parse_amount(monthly_fee)
        if fee <= 0:
            errors.add("monthly_fee", "must be greater than 0")
        elif fee >= Decimal("1000000"):
            errors.add("monthly_fee", "must be below 1000000.00")
    except ValueError as exc:
        errors.add("monthly_fee", str(exc))
    if not is_int(commitment_months) or commitment_months not in COMMITMENTS:
        errors.add("commitment_months", "must be 0, 12 or 24")
    clean_components = check_components(service, components, errors) if service else {}
    return OfferTerms(
        name=clean_name,
        monthly_fee=fee,
        commitment_months=commitment_months if is_int(commitment_months) else 0,  # type: ignore[arg-type]
        components=clean_components,
    )
