"""Request and response bodies of the customer API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import msgspec

ClientStatus = Literal["active", "suspended", "closed"]
Service = Literal["mobile", "internet", "landline"]
LineStatus = Literal["pending", "active", "suspended", "terminated"]


class ClientLookup(msgspec.Struct, forbid_unknown_fields=True):
    ids: list[str]


class ClientCreate(msgspec.Struct, forbid_unknown_fields=True):
    first_name: str
    last_name: str
    cin: str
    phone: str
    email: str | None = None
    address: str | None = None
    city: str | None = None
    birth_date: str | None = None


class ClientUpdate(msgspec.Struct, forbid_unknown_fields=True):
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    city: str | None = None
    birth_date: str | None = None
    cin: str | None = None


class ClientStatusChange(msgspec.Struct, forbid_unknown_fields=True):
    status: ClientStatus
    reason: str


class ClientOut(msgspec.Struct):
    id: str
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


def client_out(row: dict[str, Any]) -> ClientOut:
    return ClientOut(
        id=str(row["id"]),
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


def client_detail(row: dict[str, Any], lines: list[dict[str, Any]]) -> ClientDetail:
    base = client_out(row)
    return ClientDetail(
        **{f: getattr(base, f) for f in base.__struct_fields__},
        subscribers=[subscriber_out(r) for r in lines],
    )
