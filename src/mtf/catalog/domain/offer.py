"""The Offer aggregate: draft -> published -> retired, versioned terms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from mtf.catalog.domain.rules import OfferTerms, check_service, check_terms, normalise_code
from mtf.kernel.errors import Conflict, ErrorList, invalid
from mtf.kernel.ids import stable_id

DRAFT, PUBLISHED, RETIRED = "draft", "published", "retired"


def offer_id_for(code: str) -> UUID:
    """An offer's id follows from its code, so the event store refuses a duplicate code."""
    return stable_id("offer", code.strip().upper())


class Offer(Aggregate):
    """A sellable offer; changing a published offer's terms adds a version."""

    @staticmethod
    def create_id(code: str, **_: Any) -> UUID:
        return offer_id_for(code)

    @classmethod
    def define(
        cls,
        *,
        code: object,
        name: object,
        service: object,
        monthly_fee: object,
        commitment_months: object,
        components: object,
        actor: str,
    ) -> Offer:
        """Validate every construction rule, then record the offer as a draft."""
        errors = ErrorList()
        clean_code = normalise_code(code, errors)
        clean_service = check_service(service, errors)
        terms = check_terms(
            clean_service,
            name=name,
            monthly_fee=monthly_fee,
            commitment_months=commitment_months,
            components=components,
            errors=errors,
        )
        errors.raise_if_any()
        return cls(
            code=clean_code,
            name=terms.name,
            service=clean_service,
            monthly_fee=terms.monthly_fee,
            commitment_months=terms.commitment_months,
            components=terms.components,
            actor=actor,
        )

    @event("Created")
    def __init__(
        self,
        code: str,
        name: str,
        service: str,
        monthly_fee: Decimal,
        commitment_months: int,
        components: dict[str, Any],
        actor: str,
    ) -> None:
        self.code = code
        self.service = service
        self.status = DRAFT
        self.versions: list[dict[str, Any]] = []
        self._add_version_state(1, name, monthly_fee, commitment_months, components, actor)

    def _add_version_state(
        self,
        version: int,
        name: str,
        monthly_fee: Decimal,
        commitment_months: int,
        components: dict[str, Any],
        actor: str,
    ) -> None:
        self.current_version = version
        self.name = name
        self.monthly_fee = monthly_fee
        self.commitment_months = commitment_months
        self.components = components
        self.versions.append(
            {
                "version": version,
                "name": name,
                "monthly_fee": monthly_fee,
                "commitment_months": commitment_months,
                "components": components,
                "actor": actor,
            }
        )

    @property
    def terms(self) -> OfferTerms:
        return OfferTerms(self.name, self.monthly_fee, self.commitment_months, self.components)

    def revise(
        self,
        *,
        name: object = None,
        monthly_fee: object = None,
        commitment_months: object = None,
        components: object = None,
        actor: str,
    ) -> None:
        """New terms as a new version; contracts keep the version they were sold."""
        if self.status == RETIRED:
            raise Conflict("a retired offer cannot get a new version")
        errors = ErrorList()
        terms = check_terms(
            self.service,
            name=self.name if name is None else name,
            monthly_fee=str(self.monthly_fee) if monthly_fee is None else monthly_fee,
            commitment_months=(
                self.commitment_months if commitment_months is None else commitment_months
            ),
            components=self.components if components is None else components,
            errors=errors,
        )
        errors.raise_if_any()
        if terms == self.terms:
            raise invalid(
                "body", "the new version must change the name, fee, commitment or components"
            )
        self._revised(
            version=self.current_version + 1,
            name=terms.name,
            monthly_fee=terms.monthly_fee,
            commitment_months=terms.commitment_months,
            components=terms.components,
            actor=actor,
        )

    @event("VersionAdded")
    def _revised(
        self,
        version: int,
        name: str,
        monthly_fee: Decimal,
        commitment_months: int,
        components: dict[str, Any],
        actor: str,
    ) -> None:
        self._add_version_state(version, name, monthly_fee, commitment_months, components, actor)

    def publish(self, *, actor: str) -> None:
        if self.status != DRAFT:
            raise Conflict(f"only a draft offer can be published; this one is {self.status}")
        self._published(actor=actor)

    @event("Published")
    def _published(self, actor: str) -> None:
        self.status = PUBLISHED

    def retire(self, *, actor: str) -> None:
        if self.status != PUBLISHED:
            raise Conflict(f"only a published offer can be retired; this one is {self.status}")
        self._retired(actor=actor)

    @event("Retired")
    def _retired(self, actor: str) -> None:
        self.status = RETIRED
