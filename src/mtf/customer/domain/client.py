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
# a business client's contact person: the representative's CIN is optional
CONTACT_REQUIRED = ("first_name", "last_name", "phone")
KINDS = ("individual", "business")
# a company's identity: not personal data, kept in clear and after an erasure
COMPANY_FIELDS = ("company_name", "ice", "tax_id", "trade_register")
ICE_RE = re.compile(r"[0-9]{15}")  # identifiant commun de l'entreprise
TAX_ID_RE = re.compile(r"[0-9]{1,15}")  # identifiant fiscal (IF)
COMPANY_LIMITS = {"company_name": 120, "trade_register": 40}


def name_tokens(*names: str | None) -> list[str]:
    """The words of a name as search compares them: lower case, accents stripped
    ("Bénali" -> "benali"), split at spaces, hyphens and apostrophes; each word once."""
    text = unicodedata.normalize("NFKD", " ".join(n for n in names if n))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return sorted({token for token in re.split(r"[\W_]+", text) if token})


def normalise_phone(raw: str) -> str | None:
    match = PHONE_RE.match(re.sub(r"[\s.\-()]", "", raw))
    return "0" + match.group(1) if match else None


def check_company(
    data: dict[str, Any], *, partial: bool = False, prefix: str = "", errors: ErrorList
) -> dict[str, Any]:
    """Validate and normalise a company's identity (company name, ICE, IF, RC)."""
    clean: dict[str, Any] = {}
    for key in COMPANY_FIELDS:
        value = data.get(key)
        # an identifier is blank only when empty; a name also when only spaces
        blank = value is None or value == ""
        if key in COMPANY_LIMITS and isinstance(value, str) and not value.strip():
            blank = True
        if blank:
            if not partial:
                errors.add(f"{prefix}{key}", "is required for a business client")
            continue
        if not isinstance(value, str):
            errors.add(f"{prefix}{key}", "must be text")
        elif key == "ice":
            if not ICE_RE.fullmatch(value):
                errors.add(f"{prefix}ice", "must be the company's ICE: 15 digits")
            clean["ice"] = value
        elif key == "tax_id":
            if not TAX_ID_RE.fullmatch(value):
                errors.add(f"{prefix}tax_id", "must be the company's IF: 1 to 15 digits")
            clean["tax_id"] = value
        elif len(value.strip()) > COMPANY_LIMITS[key]:
            errors.add(
                f"{prefix}{key}", f"must be text of at most {COMPANY_LIMITS[key]} characters"
            )
        else:
            clean[key] = " ".join(value.split())
    return clean


def check_client(
    data: dict[str, Any], *, today: date, prefix: str = ""
) -> tuple[str, dict[str, Any] | None, dict[str, Any]]:
    """A registration: the kind (`individual` by default), the company's identity (a
    business) and the personal data (the person, or a business's contact person)."""
    errors = ErrorList()
    kind = data.get("kind") or "individual"
    if kind not in KINDS:
        errors.add(f"{prefix}kind", f"must be one of {', '.join(KINDS)}")
        errors.raise_if_any()  # the other rules depend on the kind
    company_data = {k: data[k] for k in COMPANY_FIELDS if data.get(k) is not None}
    personal_data = {k: v for k, v in data.items() if k not in (*COMPANY_FIELDS, "kind")}
    company: dict[str, Any] | None = None
    if kind == "business":
        company = check_company(company_data, prefix=prefix, errors=errors)
        if personal_data.get("cin") == "":
            # optional for a business: left out (or null), never an empty CIN
            errors.add(f"{prefix}cin", "must be one or two letters then 1 to 6 digits, or left out")
    else:
        for key in company_data:
            errors.add(f"{prefix}{key}", "is only for a business client (kind business)")
    personal = check_personal_data(
        personal_data,
        today=today,
        prefix=prefix,
        required=CONTACT_REQUIRED if kind == "business" else REQUIRED,
        errors=errors,
    )
    return kind, company, personal


def check_personal_data(
    data: dict[str, Any],
    *,
    today: date,
    partial: bool = False,
    prefix: str = "",
    required: tuple[str, ...] = REQUIRED,
    errors: ErrorList | None = None,
) -> dict[str, Any]:
    """Validate and normalise a client's personal data; every error names its field."""
    errors = errors if errors is not None else ErrorList()
    clean: dict[str, Any] = {}
    for key in data:
        if key not in PERSONAL_FIELDS:
            errors.add(f"{prefix}{key}", "is not a client field")
    if not partial:
        for key in required:
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
    def __init__(
        self,
        client_id: UUID,
        sealed_personal: str,
        cin_hash: str,
        actor: str,
        kind: str = "individual",
        company: dict[str, Any] | None = None,
    ) -> None:
        self.sealed_personal = sealed_personal
        self.cin_hash = cin_hash  # "" for a business whose representative's CIN is not given
        self.kind = kind
        # a business's identity (company_name, ice, tax_id, trade_register), in clear: not
        # personal data, it stays after an erasure (the invoices' legal mentions)
        self.company = company
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

    def change_company(self, changes: dict[str, Any], *, actor: str) -> None:
        """Change a business's name, IF or RC (already validated); the ICE identifies it."""
        if self.erased:
            raise Conflict("this client was erased")
        if self.kind != "business" or self.company is None:
            raise Conflict("only a business client has a company identity")
        if "ice" in changes:
            raise Conflict("the ICE identifies the company and is not changed")
        company = {**self.company, **changes}
        if company != self.company:
            self._company_changed(company=company, actor=actor)

    @event("CompanyChanged")
    def _company_changed(self, company: dict[str, Any], actor: str) -> None:
        self.company = company

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
