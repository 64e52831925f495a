"""What the catalog publishes on its feed: offers and their versions as sold. See
`mtf.kernel.published`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from mtf.kernel.published import EventType, Payload, PublishedLanguage


class OfferCreatedV1(Payload):
    offer_id: UUID
    code: str
    name: str
    service: str
    monthly_fee: Decimal
    commitment_months: int
    components: dict[str, Any]


class OfferVersionAddedV1(Payload):
    offer_id: UUID
    version: int
    name: str
    monthly_fee: Decimal
    commitment_months: int
    components: dict[str, Any]


class OfferPublishedV1(Payload):
    offer_id: UUID


class OfferRetiredV1(Payload):
    offer_id: UUID


def _created(e: Any) -> OfferCreatedV1:
    return OfferCreatedV1(
        offer_id=e.originator_id,
        code=e.code,
        name=e.name,
        service=e.service,
        monthly_fee=e.monthly_fee,
        commitment_months=e.commitment_months,
        components=dict(e.components),
    )


def _version(e: Any) -> OfferVersionAddedV1:
    return OfferVersionAddedV1(
        offer_id=e.originator_id,
        version=e.version,
        name=e.name,
        monthly_fee=e.monthly_fee,
        commitment_months=e.commitment_months,
        components=dict(e.components),
    )


CATALOG = PublishedLanguage(
    "catalog",
    [
        EventType(
            "offer.created",
            1,
            "offer",
            "Created",
            OfferCreatedV1,
            _created,
            "An offer was created (a draft until published).",
            webhook=False,
        ),
        EventType(
            "offer.version_added",
            1,
            "offer",
            "VersionAdded",
            OfferVersionAddedV1,
            _version,
            "A new version of an offer (new price or components).",
            webhook=False,
        ),
        EventType(
            "offer.published",
            1,
            "offer",
            "Published",
            OfferPublishedV1,
            lambda e: OfferPublishedV1(offer_id=e.originator_id),
            "An offer can be sold.",
            webhook=False,
        ),
        EventType(
            "offer.retired",
            1,
            "offer",
            "Retired",
            OfferRetiredV1,
            lambda e: OfferRetiredV1(offer_id=e.originator_id),
            "An offer is no longer sold.",
            webhook=False,
        ),
    ],
)
