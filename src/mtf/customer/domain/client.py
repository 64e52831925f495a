"""Clients: identity rules (CIN, phone, e-mail), status, erasure of personal data.

Personal data reaches the aggregate already sealed (an opaque string): the domain decides
what may change and records it; encryption is an adapter's job."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from mtf.kernel.errors import Conflict, ErrorList
from mtf.kernel.rules import CIN_RE, check_reason, normalise_cin

PHONE_RE = re.compile(r"^(?:\+212|00212|0)([5-7][0-9]{8})$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
STATUSES = ("active", "suspended", "closed")
PERSONAL_FIELDS = (
    "first_name",
    "last_name",
    "cin",
    "phone",
    "email",
    "address",
    "city",
    "birth_date",
)
REQUIRED = ("first_name", "last_name", "cin", "phone")


def name_tokens(*names: str | None) -> list[str]:
    """The words of a name as search compares them: lower case, accents stripped
    ("Bénali" -> "benali"), split at spaces, hyphens and apostrophes; each word once."""
    text = unicodedata.normalize("NFKD", " ".join(n for n in names if n))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return sorted({token for token in re.split(r"[\W_]+", text) if token})


def normalise_phone(raw: str) -> str | None:
    match = PHONE_RE.match(re.sub(r"[\s.\-()]", "", raw))
    return "0" + match.group(1) if match else None


def check_personal_data(
    data: dict[str, Any], *, today: date, partial: bool = False, prefix: str = ""
) -> dict[str, Any]:
    """Validate and normalise a client's personal data; every error names its field."""
    errors = ErrorList()
    clean: dict[str, Any] = {}
    for key in data:
        if key not in PERSONAL_FIELDS:
            errors.add(f"{prefix}{key}", "is not a client field")
    if not partial:
        for key in REQUIRED:
            value = data.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                errors.add(f"{prefix}{key}", "is required")
    for key in ("first_name", "last_name"):
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if not isinstance(value, str) or len(value.strip()) > 80:
            errors.add(f"{prefix}{key}", "must be text of at most 80 characters")
        else:
            clean[key] = " ".join(value.split())
    if data.get("cin") not in (None, ""):
        cin = normalise_cin(data["cin"])
        if not CIN_RE.match(cin):
            errors.add(
                f"{prefix}cin", "must be one or two letters then 1 to 6 digits, e.g. BE123456"
            )
        clean["cin"] = cin
    if data.get("phone") not in (None, ""):
        phone = normalise_phone(data["phone"]) if isinstance(data["phone"], str) else None
        if phone is None:
            errors.add(
                f"{prefix}phone", "must be a Moroccan number such as 0612345678 or +212612345678"
            )
        clean["phone"] = phone
    for key, limit in (("email", 254), ("address", 200), ("city", 80)):
        value = data.get(key)
        if value is None or value == "":
            if key in data and partial:
                clean[key] = None
            continue
        if not isinstance(value, str) or len(value.strip()) > limit:
            errors.add(f"{prefix}{key}", f"must be text of at most {limit} characters")
            continue
        clean[key] = value.strip()
        if key == "email" and not EMAIL_RE.match(clean[key]):
            errors.add(f"{prefix}email", "is not an e-mail address")
        if key == "email":
            clean[key] = clean[key].lower()
    birth = data.get("birth_date")
    if birth not in (None, ""):
        parsed = None
        if isinstance(birth, str):
            try:
                parsed = date.fromisoformat(birth)
            except ValueError:
                parsed = None
        elif isinstance(birth, date):
            parsed = birth
        if parsed is None:
            errors.add(f"{prefix}birth_date", "must be a date such as 1990-05-17")
        elif parsed >= today or parsed.year < 1900:
            errors.add(f"{prefix}birth_date", "must be a past date after 1900")
        else:
            clean["birth_date"] = parsed.isoformat()
    elif "birth_date" in data and partial:
        clean["birth_date"] = None
    errors.raise_if_any()
    return clean


class Client(Aggregate):
    """A person the operator serves. Personal data is sealed; the CIN hash is for lookup."""

    @staticmethod
    def create_id(client_id: UUID, **_: Any) -> UUID:
        """The caller chooses the id, so a retried registration lands on the same client."""
        return client_id

    @event("Registered")
    def __init__(self, client_id: UUID, sealed_personal: str, cin_hash: str, actor: str) -> None:
        self.sealed_personal = sealed_personal
        self.cin_hash = cin_hash
        self.status = "active"
        self.status_reason: str | None = None
        self.erased = False

    def update_personal_data(self, sealed_personal: str, *, actor: str) -> None:
        if self.erased:
            raise Conflict("this client's personal data was erased")
        self._personal_data_changed(sealed_personal=sealed_personal, actor=actor)

    @event("PersonalDataChanged")
    def _personal_data_changed(self, sealed_personal: str, actor: str) -> None:
        self.sealed_personal = sealed_personal

    def change_status(self, status: str, reason: str, *, actor: str) -> None:
        errors = ErrorList()
        if status not in STATUSES:
            errors.add("status", f"must be one of {', '.join(STATUSES)}")
        check_reason(errors, reason)
        errors.raise_if_any()
        if self.erased:
            raise Conflict("this client was erased")
        if status == self.status:
            raise Conflict(f"the client is already {status}")
        if self.status == "closed":
            raise Conflict("a closed client cannot change status")
        self._status_changed(status=status, reason=reason.strip(), actor=actor)

    @event("StatusChanged")
    def _status_changed(self, status: str, reason: str, actor: str) -> None:
        self.status = status
        self.status_reason = reason

    def erase(self, *, removed: bool, actor: str) -> None:
        """Forget the person; keep the anonymous record (or remove it entirely)."""
        if self.erased:
            raise Conflict("this client was already erased")
        self._erased(removed=removed, actor=actor)

    @event("PersonalDataErased")
    def _erased(self, removed: bool, actor: str) -> None:
        self.erased = True
        self.sealed_personal = ""
        self.cin_hash = ""
        self.status = "closed"


def client_owner(client_id: UUID) -> str:
    return f"client:{client_id}"
