"""What the contracts service knows about a client's contracts (over HTTP)."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from mtf.customer.application.ports import ContractCounts
from mtf.kernel.errors import DomainError
from mtf.kernel.logging import get_logger
from mtf.kernel.service_client import ServiceClient
from mtf.kernel.service_keys import FEED_POLL

log = get_logger("mtf.customer.erasure")


class HttpContractsDirectory:
    def __init__(self, contracts: ServiceClient) -> None:
        self.contracts = contracts

    def counts(self, client_id: UUID) -> ContractCounts:
        page = self.contracts.get(
            "/api/v1/contracts", params={"client_id": str(client_id), "limit": 500}
        )
        statuses = [c["status"] for c in page["items"]]
        current = sum(1 for s in statuses if s in ("active", "suspended", "pending"))
        return ContractCounts(current=current, ever=int(page["total"]))


class HttpBalanceDirectory:
    def __init__(self, collections: ServiceClient) -> None:
        self.collections = collections

    def amount_due(self, client_id: UUID) -> Decimal:
        balance = self.collections.get(f"/api/v1/clients/{client_id}/balance")
        return Decimal(balance["amount_due"])


class HttpErasureFollowers:
    """The services holding copies of a client's data follow the customer feed; after an
    erasure they are asked to apply it now (billing re-renders the client's archived PDFs).
    Their workers apply it anyway, so a service that does not answer only delays it."""

    def __init__(self, followers: list[ServiceClient]) -> None:
        self.followers = followers

    def client_erased(self, client_id: UUID) -> None:
        for follower in self.followers:
            try:
                follower.request("POST", "/internal/feeds/customer/poll", needs=(FEED_POLL,))
            except DomainError as exc:
                log.warning(
                    "erasure_nudge_failed", service=follower.target, reason=exc.detail[:200]
                )
