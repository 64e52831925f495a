"""The customer service seen from billing (the name, address and line numbers printed on
invoices)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from mtf.kernel.errors import NotFound
from mtf.kernel.service_client import ServiceClient
from mtf.kernel.service_keys import CLIENT_LOOKUP


class HttpClientDirectory:
    def __init__(self, customer: ServiceClient) -> None:
        self.customer = customer

    def client(self, client_id: UUID) -> dict[str, Any] | None:
        try:
            found: dict[str, Any] = self.customer.get(
                f"/api/v1/clients/{client_id}", needs=("pii:read",)
            )
        except NotFound:
            return None
        return found

    def clients(self, client_ids: list[UUID]) -> dict[UUID, dict[str, Any]]:
        """Several clients in one call (unknown ones are left out)."""
        found: dict[UUID, dict[str, Any]] = {}
        for start in range(0, len(client_ids), 500):
            batch = [str(c) for c in client_ids[start : start + 500]]
            answer = self.customer.request(
                "POST",
                "/internal/clients/lookup",
                json={"ids": batch, "lines": True},
                needs=(CLIENT_LOOKUP, "pii:read"),
            )
            found.update({UUID(k): v for k, v in answer["clients"].items()})
        return found
