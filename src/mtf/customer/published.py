"""What the customer service publishes on its feed: that a client exists, changed status or
was erased. Never personal data (sealed or not): who a client is stays in this service.
See `mtf.kernel.published`."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from mtf.kernel.published import EventType, Payload, PublishedLanguage


class ClientRegisteredV1(Payload):
    client_id: UUID


class ClientStatusChangedV1(Payload):
    client_id: UUID
    status: str
    reason: str


class ClientErasedV1(Payload):
    """The client's personal data was erased (crypto-shredded): other services drop or
    re-render what they hold about the person."""

    client_id: UUID


def _registered(e: Any) -> ClientRegisteredV1:
    return ClientRegisteredV1(client_id=e.originator_id)


def _status(e: Any) -> ClientStatusChangedV1:
    return ClientStatusChangedV1(client_id=e.originator_id, status=e.status, reason=e.reason)


def _erased(e: Any) -> ClientErasedV1:
    return ClientErasedV1(client_id=e.originator_id)


CUSTOMER = PublishedLanguage(
    "customer",
    [
        EventType(
            "client.registered",
            1,
            "client",
            "Registered",
            ClientRegisteredV1,
            _registered,
            "A client was registered.",
            webhook=False,
        ),
        EventType(
            "client.status_changed",
            1,
            "client",
            "StatusChanged",
            ClientStatusChangedV1,
            _status,
            "A client's status changed.",
            webhook=False,
        ),
        EventType(
            "client.erased",
            1,
            "client",
            "PersonalDataErased",
            ClientErasedV1,
            _erased,
            "A client's personal data was erased.",
            webhook=False,
        ),
    ],
    internal={
        (
            "client",
            "PersonalDataChanged",
        ): "sealed personal data: never leaves the customer service",
        (
            "client",
            "CompanyChanged",
        ): "a business's name, IF or RC: billing reads them over HTTP when it renders",
    },
)
