"""Request and response bodies of the contracts and provisioning API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal

import msgspec

from mtf.kernel.api_types import (
    Address,
    BirthDate,
    Cin,
    Email,
    Name,
    OptionalText80,
    Phone,
    Reason,
    kinds_of_client,
)
from mtf.kernel.client_registration import ClientRegistration
from mtf.kernel.rules import TelecomService as Service

ContractStatus = Literal["pending", "active", "suspended", "terminated", "superseded", "cancelled"]
Intent = Literal["auto", "new_line", "plan_change"]


class ScheduledChange(msgspec.Struct):
    """A suspension or termination an operator asked for a later date (applied that day),
    or a plan change dated in the future: `contract_id` is then the pending new contract,
    which starts on `effective_date` (this one ends the day before)."""

    action: Literal["suspend", "terminate", "plan_change"]
    effective_date: date
    reason: str
    contract_id: str | None = None


class ContractOut(msgspec.Struct):
    id: str
    client_id: str
    subscriber_id: str
    offer_id: str
    offer_version: int
    offer_code: str
    offer_name: str
    service: Service
    status: ContractStatus
    status_reason: str | None
    start_date: date
    end_date: date | None
    commitment_end: date | None
    monthly_fee: str
    created_at: datetime
    updated_at: datetime
    scheduled_change: ScheduledChange | None = None


class ContractPage(msgspec.Struct):
    items: list[ContractOut]
    next_cursor: str | None
    total: int


class ContractTransition(msgspec.Struct, forbid_unknown_fields=True):
    reason: Reason
    effective_date: date | None = None
    __openapi_extra__: ClassVar[dict[str, Any]] = {
        "examples": [
            {"reason": "client request"},
            {"reason": "moved abroad", "effective_date": "2026-11-30"},
        ]
    }


class ContractCancellation(msgspec.Struct, forbid_unknown_fields=True):
    reason: Reason
    __openapi_extra__: ClassVar[dict[str, Any]] = {
        "examples": [{"reason": "client changed their mind"}]
    }


class SelfServiceNewClient(msgspec.Struct, forbid_unknown_fields=True):
    """A sign-up from the landing page: an individual (the landing page serves no
    business)."""

    first_name: Name
    last_name: Name
    cin: Cin
    phone: Phone
    email: Email | None = None
    address: Address | None = None
    city: OptionalText80 | None = None
    birth_date: BirthDate | None = None
    __openapi_extra__: ClassVar[dict[str, Any]] = {
        "examples": [
            {"first_name": "Amina", "last_name": "Benali", "cin": "BE123456", "phone": "0612345678"}
        ]
    }


_NULL = {"type": "null"}
_GIVEN = {"not": {"type": "null"}}


class NewClient(ClientRegistration):
    """The client a checkout registers: an individual (`kind` absent or `individual`) or a
    business (`kind: business`), as `POST /api/v1/clients` takes them."""

    __openapi_extra__: ClassVar[dict[str, Any]] = kinds_of_client(
        ("first_name", "last_name", "cin", "phone"),
        individual={
            "first_name": "Amina",
            "last_name": "Benali",
            "cin": "BE123456",
            "phone": "0612345678",
        },
    )


class CheckoutRequestBody(msgspec.Struct, forbid_unknown_fields=True):
    offer_id: str
    client_id: str | None = None
    cin: Cin | None = None
    new_client: NewClient | None = None
    subscriber_id: str | None = None
    intent: Intent = "auto"
    effective_date: date | None = None
    # the client is named exactly one way: by id, by CIN, or registered with the order
    # (`if`/`then`: validators apply it, client generators keep one object type)
    __openapi_extra__: ClassVar[dict[str, Any]] = {
        "examples": [
            {
                "offer_id": "9b2f4f1e-4e0c-5b8e-9a41-2f0d7c3b6a10",
                "new_client": {
                    "first_name": "Amina",
                    "last_name": "Benali",
                    "cin": "BE123456",
                    "phone": "0612345678",
                },
            },
            {
                "offer_id": "9b2f4f1e-4e0c-5b8e-9a41-2f0d7c3b6a10",
                "cin": "BE123456",
                "intent": "new_line",
                "effective_date": "2026-12-15",
            },
        ],
        "allOf": [
            {
                "if": {"required": ["client_id"], "properties": {"client_id": _GIVEN}},
                "then": {"properties": {"cin": _NULL, "new_client": _NULL}},
            },
            {
                "if": {"required": ["cin"], "properties": {"cin": _GIVEN}},
                "then": {"properties": {"new_client": _NULL}},
            },
            {
                "if": {"properties": {"client_id": _NULL, "cin": _NULL}},
                "then": {"required": ["new_client"], "properties": {"new_client": _GIVEN}},
            },
        ],
    }


class CheckoutPreview(msgspec.Struct):
    outcome: Literal["new_client", "new_line", "plan_change"]
    client_id: str | None
    subscriber_id: str | None
    number: str | None
    current_contract_id: str | None
    current_offer_code: str | None
    effective_date: date
    message: str


class OrderOut(msgspec.Struct):
    id: str
    status: Literal["running", "completed", "failed"]
    outcome: str | None
    client_id: str | None
    subscriber_id: str | None
    contract_id: str | None
    previous_contract_id: str | None
    effective_date: date
    created_at: datetime


def _s(value: Any) -> str | None:
    return str(value) if value is not None else None


def contract_out(row: dict[str, Any]) -> ContractOut:
    return ContractOut(
        id=str(row["id"]),
        client_id=str(row["client_id"]),
        subscriber_id=str(row["subscriber_id"]),
        offer_id=str(row["offer_id"]),
        offer_version=row["offer_version"],
        offer_code=row["offer_code"],
        offer_name=row["offer_name"],
        service=row["service"],
        status=row["status"],
        status_reason=row["status_reason"],
        start_date=row["start_date"],
        end_date=row["end_date"],
        commitment_end=row["commitment_end"],
        monthly_fee=str(row["monthly_fee"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        scheduled_change=ScheduledChange(
            action=row["scheduled_action"],
            effective_date=row["scheduled_date"],
            reason=row["scheduled_reason"] or "",
            contract_id=_s(row.get("scheduled_contract_id")),
        )
        if row.get("scheduled_action")
        else None,
    )


def order_row_out(row: dict[str, Any]) -> OrderOut:
    return OrderOut(
        id=str(row["id"]),
        status=row["status"],
        outcome=row["outcome"],
        client_id=_s(row["client_id"]),
        subscriber_id=_s(row["subscriber_id"]),
        contract_id=_s(row["contract_id"]),
        previous_contract_id=_s(row["previous_contract_id"]),
        effective_date=row["effective_date"],
        created_at=row["created_at"],
    )
