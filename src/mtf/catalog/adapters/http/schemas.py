"""Request and response bodies of the catalog API (msgspec structs)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

import msgspec

from mtf.kernel.api_types import MonthlyFee, OfferCode, text
from mtf.kernel.rules import TelecomService as Service

Status = Literal["draft", "published", "retired"]


# what `catalog.domain.rules.check_components` accepts, per service (documents the rule)
def _quota(key: str) -> dict[str, Any]:
    return {
        "oneOf": [
            {
                "type": "object",
                "properties": {key: {"type": "integer", "minimum": 1}},
                "required": [key],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {"unlimited": {"const": True}},
                "required": ["unlimited"],
                "additionalProperties": False,
            },
        ]
    }


_SPEED = {
    "type": "object",
    "properties": {"speed_mbps": {"type": "integer", "minimum": 1}},
    "required": ["speed_mbps"],
    "additionalProperties": False,
}
_EMPTY = {"type": "object", "maxProperties": 0}
COMPONENT_SCHEMAS: dict[str, dict[str, Any]] = {
    "mobile": {
        "type": "object",
        "properties": {"data": _quota("quota_gb"), "calls": _quota("hours")},
        "minProperties": 1,
        "additionalProperties": False,
    },
    "internet": {
        "type": "object",
        "properties": {"fiber": _SPEED, "adsl": _SPEED, "landline": _EMPTY, "tv": _EMPTY},
        "required": ["landline"],
        "oneOf": [
            {"required": ["fiber"], "not": {"required": ["adsl"]}},
            {"required": ["adsl"], "not": {"required": ["fiber"]}},
        ],
        "additionalProperties": False,
    },
    "landline": {
        "type": "object",
        "properties": {
            "national": {
                "type": "object",
                "properties": {"unlimited": {"type": "boolean"}},
                "required": ["unlimited"],
                "additionalProperties": False,
            },
            "international_hours": {"type": "integer", "minimum": 0},
            "phone_hours": {"type": "integer", "minimum": 0},
        },
        "additionalProperties": False,
    },
}
Commitment = Annotated[int, msgspec.Meta(extra_json_schema={"extra": {"enum": [0, 12, 24]}})]
Components = Annotated[
    dict[str, Any],
    msgspec.Meta(
        extra_json_schema={
            "description": "The offer's components; which ones depends on its service",
            "examples": [{"data": {"quota_gb": 50}, "calls": {"unlimited": True}}],
        }
    ),
]


class OfferCreate(msgspec.Struct, forbid_unknown_fields=True):
    code: OfferCode
    name: text(120, example="Mobile 50 Go")  # type: ignore[valid-type]
    service: Service
    monthly_fee: MonthlyFee
    components: Components
    commitment_months: Commitment = 0
    # the components each service takes: `if`/`then`, which validators apply and client
    # generators leave alone (the body stays one object type for them)
    __openapi_extra__: ClassVar[dict[str, Any]] = {
        "examples": [
            {
                "code": "MOB-50G",
                "name": "Mobile 50 Go",
                "service": "mobile",
                "monthly_fee": "99.00",
                "commitment_months": 12,
                "components": {"data": {"quota_gb": 50}, "calls": {"unlimited": True}},
            },
            {
                "code": "FIBRE-200",
                "name": "Fibre 200 Mb/s",
                "service": "internet",
                "monthly_fee": "349.00",
                "components": {"fiber": {"speed_mbps": 200}, "landline": {}, "tv": {}},
            },
        ],
        "allOf": [
            {
                "if": {"properties": {"service": {"const": service}}, "required": ["service"]},
                "then": {"properties": {"components": schema}},
            }
            for service, schema in COMPONENT_SCHEMAS.items()
        ],
    }


class OfferRevision(msgspec.Struct, forbid_unknown_fields=True):
    """A new version: what is left out stays as it is; components as the offer's service
    takes them (see OfferCreate)."""

    name: text(120, example="Mobile 50 Go") | None = None  # type: ignore[valid-type]
    monthly_fee: MonthlyFee | None = None
    commitment_months: Commitment | None = None
    components: Components | None = None
    # at least one of them, not null
    __openapi_extra__: ClassVar[dict[str, Any]] = {
        "examples": [
            {"monthly_fee": "89.00"},
            {
                "name": "Mobile 60 Go",
                "components": {"data": {"quota_gb": 60}, "calls": {"unlimited": True}},
            },
        ],
        "not": {
            "properties": {
                name: {"type": "null"}
                for name in ("name", "monthly_fee", "commitment_months", "components")
            }
        },
    }


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
