"""Business rules more than one service applies, defined once (issue 12, "each rule once"):
the telecom services sold, the CIN's format, and what a reason for a change must be."""

from __future__ import annotations

import re
from typing import Literal, get_args

from mtf.kernel.errors import ErrorList

# the telecom services an offer, a line and a contract belong to
TelecomService = Literal["mobile", "internet", "landline"]
TELECOM_SERVICES: tuple[str, ...] = get_args(TelecomService)

# a Moroccan national identity card number: one or two letters, then up to six digits
CIN_RE = re.compile(r"^[A-Z]{1,2}[0-9]{1,6}$")

REASON_MAX = 500


def normalise_cin(raw: object) -> str:
    """A CIN as typed ("ab 123456") as it is stored and compared ("AB123456")."""
    return re.sub(r"\s+", "", raw).upper() if isinstance(raw, str) else ""


def is_cin(value: str) -> bool:
    return bool(CIN_RE.match(value))


def check_reason(errors: ErrorList, reason: str | None, field: str = "reason") -> str:
    """A reason for a change: required, at most 500 characters; answered stripped."""
    if not reason or not reason.strip():
        errors.add(field, "is required")
        return ""
    if len(reason.strip()) > REASON_MAX:
        errors.add(field, f"must be at most {REASON_MAX} characters")
    return reason.strip()
