"""Catalog use cases: one method per business action."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from mtf.catalog.application.ports import OfferFilter, OfferStore, OfferViews, ReadModelRefresher
from mtf.catalog.domain.offer import Offer
from mtf.kernel.errors import NotFound
from mtf.kernel.pagination import PageRequest

SORTABLE = ("code", "name", "service", "status", "monthly_fee", "created_at", "updated_at")


@dataclass(frozen=True)
class DefineOffer:
    """A new offer as asked for; the domain checks every construction rule."""

    code: str
    name: str
    service: str
    monthly_fee: str
    components: dict[str, Any]
    commitment_months: int = 0


@dataclass(frozen=True)
class ReviseOffer:
    """New terms for an offer: what is None stays as in the current version."""

    name: str | None = None
    monthly_fee: str | None = None
    commitment_months: int | None = None
    components: dict[str, Any] | None = None


class CatalogCommands:
    def __init__(self, store: OfferStore, read_model: ReadModelRefresher) -> None:
        self.store = store
        self.read_model = read_model

    def define_offer(self, data: DefineOffer, actor: str) -> UUID:
        """Create a draft offer after checking every construction rule."""
        offer = Offer.define(
            code=data.code,
            name=data.name,
            service=data.service,
            monthly_fee=data.monthly_fee,
            commitment_months=data.commitment_months,
            components=data.components,
            actor=actor,
        )
        self.store.save(offer)
        self.read_model.catch_up()
        return offer.id

    def add_version(self, offer_id: UUID, changes: ReviseOffer, actor: str) -> None:
        """New terms for an offer: a new version, existing contracts keep theirs."""
        offer = self.store.get(offer_id)
        offer.revise(
            name=changes.name,
            monthly_fee=changes.monthly_fee,
            commitment_months=changes.commitment_months,
            components=changes.components,
            actor=actor,
        )
        self.store.save(offer)
        self.read_model.catch_up()

    def publish(self, offer_id: UUID, actor: str) -> None:
        """Open the offer for sale."""
        offer = self.store.get(offer_id)
        offer.publish(actor=actor)
        self.store.save(offer)
        self.read_model.catch_up()

    def retire(self, offer_id: UUID, actor: str) -> None:
        """Stop new sales; existing contracts are untouched."""
        offer = self.store.get(offer_id)
        offer.retire(actor=actor)
        self.store.save(offer)
        self.read_model.catch_up()


class CatalogQueries:
    def __init__(self, views: OfferViews) -> None:
        self.views = views

    def list_offers(
        self, filters: OfferFilter, page: PageRequest
    ) -> tuple[list[dict[str, Any]], int]:
        return self.views.list(filters, page)

    def offer(self, offer_id: UUID) -> dict[str, Any]:
        found = self.views.get(offer_id)
        if found is None:
            raise NotFound(f"no offer with id {offer_id}")
        return found
