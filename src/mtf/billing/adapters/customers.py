"""The customer service seen from billing (the name and address printed on invoices)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from mtf.kernel.errors import NotFound
from mtf.kernel.service_client import ServiceClient


class HttpClientDirectory:
    def __init__(self, customer: ServiceClient) -> None:
        self.customer = customer

    def client(self, client_id: UUID) -> dict[str, Any] | None:
        try:
            found: dict[str, Any] = self.customer.get(f"/api/v1/clients/{client_id}")
        except NotFound:
            return None
        return found
