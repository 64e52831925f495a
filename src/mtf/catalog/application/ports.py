"""Ports of the catalog's use cases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from mtf.catalog.domain.offer import Offer
from mtf.kernel.pagination import PageRequest


class OfferStore(Protocol):
    def get(self, offer_id: UUID) -> Offer:
        """The offer rebuilt from its events; NotFound when there is none."""
        ...

    def save(self, offer: Offer) -> None:
        """Record the offer's new events; Conflict when the code or version is taken."""
        ...


class ReadModelRefresher(Protocol):
    def catch_up(self) -> int:
        """Bring the read model up to the last recorded event."""
        ...


@dataclass(frozen=True)
class OfferFilter:
    service: str | None = None
    status: str | None = None
    q: str | None = None
    code: str | None = None


class OfferViews(Protocol):
    def list(self, filters: OfferFilter, page: PageRequest) -> tuple[list[dict[str, Any]], int]:
        """One page of offers matching the filters, and the total count."""
        ...

    def get(self, offer_id: UUID) -> dict[str, Any] | None:
        """One offer with its versions, or None."""
        ...
