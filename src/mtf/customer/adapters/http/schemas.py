"""Request and response bodies of the customer API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal

import msgspec

from mtf.kernel.api_types import (
    Address,
    BirthDate,
    ClientKind,
    Email,
    NoCin,
    NoIce,
    OptionalCompanyName,
    OptionalPhone,
    OptionalTaxId,
    OptionalText80,
    OptionalTradeRegister,
    Reason,
    kinds_of_client,
)
from mtf.kernel.client_registration import ClientRegistration
from mtf.kernel.rules import TelecomService as Service

ClientStatus = Literal["active", "suspended", "closed"]
LineStatus = Literal["pending", "active", "suspended", "terminated"]


class ClientLookup(msgspec.Struct, forbid_unknown_fields=True):
    ids: list[str]
    # with each client's lines (`subscribers`), as GET /api/v1/clients/{id} shows them
    # (billing prints each invoice line's number)
    lines: bool = False


class ClientCreate(ClientRegistration):
    """An individual (`kind` absent or `individual`: first name, last name, CIN, phone) or
    a business (`kind: business`: company name, ICE, IF, RC and a contact person's first
    name, last name and phone; the representative's CIN optional)."""

    __openapi_extra__: ClassVar[dict[str, Any]] = kinds_of_client(
        ("first_name", "last_name", "cin", "phone"),
        individual={
            "first_name": "Amina",
            "last_name": "Benali",
            "cin": "BE123456",
            "phone": "0612345678",
            "email": "amina@example.ma",
            "address": "12 rue Allal Ben Abdellah",
            "city": "Rabat",
            "birth_date": "1990-05-17",
        },
    )


class ClientUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """The fields to change; an empty name or phone leaves it as it is, an empty e-mail,
    address, city or birth date removes it."""

    first_name: OptionalText80 | None = None
    last_name: OptionalText80 | None = None
    phone: OptionalPhone | None = None
    email: Email | None = None
    address: Address | None = None
    city: OptionalText80 | None = None
    birth_date: BirthDate | None = None
    cin: NoCin | None = None
    # a business client's identity (an individual has none: refused); empty leaves it
    company_name: OptionalCompanyName | None = None
    tax_id: OptionalTaxId | None = None
    trade_register: OptionalTradeRegister | None = None
    ice: NoIce | None = None
    __openapi_extra__: ClassVar[dict[str, Any]] = {
        "examples": [
            {"phone": "0661234567", "city": "Casablanca"},
            {"email": ""},
            {"company_name": "Atlas Logistique SA", "trade_register": "Casablanca 654321"},
        ]
    }


class ClientStatusChange(msgspec.Struct, forbid_unknown_fields=True):
    status: ClientStatus
    reason: Reason
    __openapi_extra__: ClassVar[dict[str, Any]] = {
        "examples": [{"status": "suspended", "reason": "client request"}]
    }


class ClientOut(msgspec.Struct):
    id: str
    # "business": the company's identity (not personal data: shown without pii:read and
    # kept after an erasure) and its contact person's personal data in the fields below
    kind: ClientKind
    company_name: str | None
    ice: str | None
    tax_id: str | None
    trade_register: str | None
    first_name: str | None
    last_name: str | None
    cin: str | None
    phone: str | None
    email: str | None
    address: str | None
    city: str | None
    birth_date: str | None
    status: ClientStatus
    status_reason: str | None
    erased: bool
    created_at: datetime
    updated_at: datetime
    # "visible" with the permission pii:read; "masked" without it (names and CIN shortened
    # to a hint, phone to its last two digits, e-mail, address, city and birth date null);
    # "erased" once the person is erased
    personal_data: Literal["visible", "masked", "erased"] = "visible"


class SubscriberOut(msgspec.Struct):
    id: str
    client_id: str
    service: Service
    number: str
    landline_number: str | None
    status: LineStatus
    contract_id: str | None
    created_at: datetime


class ClientDetail(ClientOut):
    subscribers: list[SubscriberOut] = msgspec.field(default_factory=list)


class ClientPage(msgspec.Struct):
    items: list[ClientOut]
    next_cursor: str | None
    total: int


class SubscriberPage(msgspec.Struct):
    items: list[SubscriberOut]
    next_cursor: str | None
    total: int


class ClientDeletion(msgspec.Struct):
    id: str
    outcome: Literal["removed", "anonymised"]


class LineRequest(msgspec.Struct, forbid_unknown_fields=True):
    client_id: str
    service: Service


MASK = "•••"


def _hint(value: str | None) -> str | None:
    return f"{value[0]}{MASK}" if value else value


def _tail(value: str | None, keep: int) -> str | None:
    if not value:
        return value
    digits = "".join(c for c in value if c.isalnum())
    return f"{MASK}{digits[-keep:]}" if len(digits) > keep else MASK


def masked(out: ClientOut) -> ClientOut:
    """What a caller without `pii:read` sees: enough to recognise a client they already
    know, never enough to learn who a client is."""
    if out.erased:
        return msgspec.structs.replace(out, personal_data="erased")
    return msgspec.structs.replace(
        out,
        first_name=_hint(out.first_name),
        last_name=_hint(out.last_name),
        cin=f"{out.cin[:1]}{_tail(out.cin, 2)}" if out.cin else out.cin,
        phone=_tail(out.phone, 2),
        email=None,
        address=None,
        city=None,
        birth_date=None,
        personal_data="masked",
    )


def client_out(row: dict[str, Any], *, pii: bool = True) -> ClientOut:
    out = _client_out(row)
    if out.erased:
        return msgspec.structs.replace(out, personal_data="erased")
    return out if pii else masked(out)


def _client_out(row: dict[str, Any]) -> ClientOut:
    return ClientOut(
        id=str(row["id"]),
        kind=row.get("kind") or "individual",
        company_name=row.get("company_name"),
        ice=row.get("ice"),
        tax_id=row.get("tax_id"),
        trade_register=row.get("trade_register"),
        first_name=row["first_name"],
        last_name=row["last_name"],
        cin=row["cin"],
        phone=row["phone"],
        email=row["email"],
        address=row["address"],
        city=row["city"],
        birth_date=row["birth_date"],
        status=row["status"],
        status_reason=row["status_reason"],
        erased=row["erased"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def subscriber_out(row: dict[str, Any]) -> SubscriberOut:
    return SubscriberOut(
        id=str(row["id"]),
        client_id=str(row["client_id"]),
        service=row["service"],
        number=row["number"],
        landline_number=row["landline_number"],
        status=row["status"],
        contract_id=str(row["contract_id"]) if row["contract_id"] else None,
        created_at=row["created_at"],
    )


def client_detail(
    row: dict[str, Any], lines: list[dict[str, Any]], *, pii: bool = True
) -> ClientDetail:
    base = client_out(row, pii=pii)
    return ClientDetail(
        **{f: getattr(base, f) for f in base.__struct_fields__},
        subscribers=[subscriber_out(r) for r in lines],
    )
