"""The catalog and the customer service, seen from contracts (HTTP, service token)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from mtf.kernel.client_registration import ClientRegistration
from mtf.kernel.errors import DomainError, NotFound, invalid
from mtf.kernel.logging import get_logger
from mtf.kernel.service_client import ServiceClient
from mtf.kernel.service_keys import CLIENTS, FEED_POLL

log = get_logger("mtf.contracts.services")


class HttpOfferCatalog:
    def __init__(self, catalog: ServiceClient) -> None:
        self.catalog = catalog

    def sellable_offer(self, offer_id: UUID) -> dict[str, Any]:
        try:
            offer: dict[str, Any] = self.catalog.get(f"/api/v1/offers/{offer_id}")
        except NotFound as exc:
            raise invalid("offer_id", "no offer with this id") from exc
        if offer["status"] != "published":
            raise invalid(
                "offer_id",
                f"offer {offer['code']} is {offer['status']}: only published offers can be sold",
            )
        return offer

    def published_by_code(self) -> dict[str, dict[str, Any]]:
        """Every published offer, by code (a few pages of 500: an import asks once)."""
        found: dict[str, dict[str, Any]] = {}
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"status": "published", "limit": 500}
            if cursor:
                params["cursor"] = cursor
            page = self.catalog.get("/api/v1/offers", params=params)
            for offer in page["items"]:
                found[offer["code"]] = offer
            cursor = page.get("next_cursor")
            if not cursor:
                return found


class HttpCustomerDirectory:
    def __init__(self, customer: ServiceClient) -> None:
        self.customer = customer

    def client(self, client_id: UUID) -> dict[str, Any] | None:
        try:
            found: dict[str, Any] = self.customer.get(f"/api/v1/clients/{client_id}")
        except NotFound:
            return None
        return None if found.get("erased") else found

    def client_by_cin(self, cin: str) -> dict[str, Any] | None:
        page = self.customer.get(
            "/api/v1/clients", params={"cin": cin, "limit": 1}, needs=("pii:read",)
        )
        items: list[dict[str, Any]] = page["items"]
        return items[0] if items else None

    def client_by_ice(self, ice: str) -> dict[str, Any] | None:
        page = self.customer.get("/api/v1/clients", params={"ice": ice, "limit": 1})
        items: list[dict[str, Any]] = page["items"]
        return items[0] if items else None

    def check_new_client(self, data: ClientRegistration) -> dict[str, Any] | None:
        """Validate a new client; the answer's `client` names the client already holding
        this CIN or ICE (`{"id", "status"}`, or None). A customer service that does not say
        answers without `client` (then the caller asks by CIN or ICE)."""
        answer: dict[str, Any] = self.customer.request(
            "POST",
            "/internal/clients/validate",
            json=data.given(),
            field_prefix="new_client.",
            needs=(CLIENTS, "pii:read"),
        )
        return answer

    def ensure_client(
        self,
        client_id: UUID,
        data: ClientRegistration,
        actor: str,
        line: tuple[UUID, str] | None = None,
    ) -> dict[str, Any]:
        found: dict[str, Any] = self.customer.request(
            "PUT",
            f"/internal/clients/{client_id}",
            json=data.given(),
            params={"subscriber_id": str(line[0]), "service": line[1]} if line else None,
            actor=actor,
            field_prefix="new_client.",
            needs=(CLIENTS,),
        )
        return found

    def ensure_line(
        self, subscriber_id: UUID, client_id: UUID, service: str, actor: str
    ) -> dict[str, Any]:
        found: dict[str, Any] = self.customer.request(
            "PUT",
            f"/internal/subscribers/{subscriber_id}",
            json={"client_id": str(client_id), "service": service},
            actor=actor,
            needs=(CLIENTS,),
        )
        return found

    def import_clients(self, batch: list[dict[str, Any]], actor: str) -> list[dict[str, Any]]:
        found: dict[str, Any] = self.customer.request(
            "POST",
            "/internal/imports/clients",
            json={"clients": batch},
            actor=actor,
            needs=(CLIENTS,),
        )
        results: list[dict[str, Any]] = found["results"]
        return results

    def line_numbers(self, client_id: UUID) -> dict[UUID, str]:
        page = self.customer.get(
            "/api/v1/subscribers", params={"client_id": str(client_id), "limit": 500}
        )
        return {UUID(line["id"]): line["number"] for line in page["items"]}

    def remove_client(self, client_id: UUID, actor: str) -> None:
        self.customer.request(
            "DELETE", f"/api/v1/clients/{client_id}", actor=actor, needs=("clients:erase",)
        )

    def contracts_changed(self) -> None:
        try:
            self.customer.request("POST", "/internal/feeds/contracts/poll", needs=(FEED_POLL,))
        except DomainError as exc:  # the customer worker follows the feed anyway
            log.info("customer_nudge_failed", reason=exc.detail)
