"""Subscribers (lines): numbering plan and the status that follows the line's contract."""

from __future__ import annotations

SERVICES = ("mobile", "internet", "landline")
STATUSES = ("pending", "active", "suspended", "terminated")

# contract event -> the line's status
STATUS_AFTER_CONTRACT_EVENT = {
    "Activated": "active",
    "Suspended": "suspended",
    "Resumed": "active",
    "Terminated": "terminated",
    # a new line whose contract is cancelled before it starts is closed for good (its
    # number is never reused); a cancelled plan change leaves the line on its contract
    "Cancelled": "terminated",
}


def mobile_number(sequence: int) -> str:
    """`06` + 8 digits."""
    return f"06{sequence % 100_000_000:08d}"


def landline_number(sequence: int) -> str:
    """`05` + 8 digits."""
    return f"05{sequence % 100_000_000:08d}"


def internet_line_id(sequence: int) -> str:
    return f"NET{sequence % 100_000_000:08d}"
