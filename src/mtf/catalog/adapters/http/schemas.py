"""Request and response bodies of the catalog API (msgspec structs)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import msgspec

from mtf.kernel.rules import TelecomService as Service

Status = Literal["draft", "published", "retired"]


class OfferCreate(msgspec.Struct, forbid_unknown_fields=True):
    code: str
    name: str
    service: Service
    monthly_fee: str
    components: dict[str, Any]
    commitment_months: int = 0


class OfferRevision(msgspec.Struct, forbid_unknown_fields=True):
    name: str | None = None
    monthly_fee: str | None = None
    commitment_months: int | None = None
    components: dict[str, Any] | None = None


class OfferVersionOut(msgspec.Struct):
    version: int
    name: str
    monthly_fee: str
    commitment_months: int
    components: dict[str, Any]
    created_at: datetime
    actor: str


class OfferOut(msgspec.Struct):
    id: str
    code: str
    name: str
    service: Service
    monthly_fee: str
    commitment_months: int
    components: dict[str, Any]
    status: Status
    version: int
    created_at: datetime
    updated_at: datetime


class OfferDetail(OfferOut):
    versions: list[OfferVersionOut] = msgspec.field(default_factory=list)


class OfferPage(msgspec.Struct):
    items: list[OfferOut]
    next_cursor: str | None
    total: int


def offer_out(row: dict[str, Any]) -> OfferOut:
    return OfferOut(
        id=str(row["id"]),
        code=row["code"],
        name=row["name"],
        service=row["service"],
        monthly_fee=str(row["monthly_fee"]),
        commitment_months=row["commitment_months"],
        components=row["components"],
        status=row["status"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def offer_detail(row: dict[str, Any]) -> OfferDetail:
    base = offer_out(row)
    return OfferDetail(
        **{f: getattr(base, f) for f in base.__struct_fields__},
        versions=[
            OfferVersionOut(
                version=v["version"],
                name=v["name"],
                monthly_fee=str(v["monthly_fee"]),
                commitment_months=v["commitment_months"],
                components=v["components"],
                created_at=v["created_at"],
                actor=v["actor"],
            )
            for v in row["versions"]
        ],
    )
