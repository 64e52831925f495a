"""Subscribers (lines): numbering plan and the status that follows the line's contract."""

from __future__ import annotations

import re

from mtf.contracts.published import (
    ContractActivatedV1,
    ContractCancelledV1,
    ContractResumedV1,
    ContractSuspendedV1,
    ContractTerminatedV1,
)
from mtf.kernel.rules import TELECOM_SERVICES

SERVICES = TELECOM_SERVICES
STATUSES = ("pending", "active", "suspended", "terminated")

# published contract event -> the line's status
STATUS_AFTER_CONTRACT_EVENT: dict[type, str] = {
    ContractActivatedV1: "active",
    ContractSuspendedV1: "suspended",
    ContractResumedV1: "active",
    ContractTerminatedV1: "terminated",
    # a new line whose contract is cancelled before it starts is closed for good (its
    # number is never reused); a cancelled plan change leaves the line on its contract
    ContractCancelledV1: "terminated",
}


def mobile_number(sequence: int) -> str:
    """`06` + 8 digits."""
    return f"06{sequence % 100_000_000:08d}"


def landline_number(sequence: int) -> str:
    """`05` + 8 digits."""
    return f"05{sequence % 100_000_000:08d}"


INTERNET_LINE_RE = re.compile(r"NET[0-9]{8}")  # what internet_line_id gives


def internet_line_id(sequence: int) -> str:
    return f"NET{sequence % 100_000_000:08d}"
