"""Other services seen from collections, and the reminder outbox."""

from __future__ import annotations

import uuid
from datetime import date
from uuid import UUID

from sqlalchemy import Engine, func
from sqlalchemy.dialects.postgresql import insert

from mtf.collections.adapters.postgres.tables import notifications
from mtf.kernel.errors import Conflict, NotFound
from mtf.kernel.logging import get_logger
from mtf.kernel.service_client import ServiceClient

log = get_logger("mtf.collections.notifications")
DUNNING = "dunning"


class HttpContractLifecycle:
    def __init__(self, contracts: ServiceClient) -> None:
        self.contracts = contracts

    def _transition(self, action: str, contract_id: UUID, reason: str, on: date) -> bool:
        try:
            self.contracts.request(
                "POST",
                f"/api/v1/contracts/{contract_id}/{action}",
                json={"reason": reason, "effective_date": on.isoformat()},
                actor="system:collections",
                needs=("contracts:write",),
            )
        except Conflict:
            current = self.contracts.get(f"/api/v1/contracts/{contract_id}")
            # already in the wanted state because of an earlier, interrupted attempt
            wanted = "suspended" if action == "suspend" else "active"
            return bool(
                current["status"] == wanted
                and (action == "resume" or current["status_reason"] == DUNNING)
            )
        return True

    def current_contract(self, contract_id: UUID) -> UUID | None:
        """The contract the line of `contract_id` runs on now: itself, or after a plan change
        the one that replaced it (the subscriber's active or suspended contract); None when
        the line has ended."""
        try:
            printed = self.contracts.get(f"/api/v1/contracts/{contract_id}")
        except NotFound:
            return None
        if printed["status"] in ("active", "suspended"):
            return contract_id
        found = self.contracts.get(
            "/api/v1/contracts", params={"subscriber_id": printed["subscriber_id"], "limit": 50}
        )
        live = [c for c in found["items"] if c["status"] in ("active", "suspended")]
        live.sort(key=lambda c: (c["start_date"], c["created_at"]))
        return UUID(live[-1]["id"]) if live else None

    def suspend_for_dunning(self, contract_id: UUID, on: date) -> bool:
        return self._transition("suspend", contract_id, DUNNING, on)

    def resume_after_dunning(self, contract_id: UUID, on: date) -> bool:
        try:
            current = self.contracts.get(f"/api/v1/contracts/{contract_id}")
        except NotFound:
            return False
        if current["status"] != "suspended" or current["status_reason"] != DUNNING:
            return False  # resumed or ended meanwhile, or suspended for another reason
        return self._transition("resume", contract_id, "dunning cleared: paid", on)


class HttpClients:
    """Whether a client exists; a client once seen keeps existing (erasure keeps the record)."""

    def __init__(self, customer: ServiceClient) -> None:
        self.customer = customer
        self._known: set[UUID] = set()

    def exists(self, client_id: UUID) -> bool:
        if client_id in self._known:
            return True
        try:
            self.customer.get(f"/api/v1/clients/{client_id}")
        except NotFound:
            return False
        if len(self._known) > 100_000:
            self._known.clear()
        self._known.add(client_id)
        return True

    def _search(self, **params: str) -> list[UUID]:
        # a search by CIN needs pii:read; only the ids are kept (no personal data is held)
        found = self.customer.get(
            "/api/v1/clients", params={**params, "limit": 2}, needs=("pii:read",)
        )
        return [UUID(item["id"]) for item in found["items"]]

    def with_cin(self, cin: str) -> list[UUID]:
        return self._search(cin=cin)

    def with_ice(self, ice: str) -> list[UUID]:
        return self._search(ice=ice)


class OutboxNotifier:
    """Reminders go to an outbox table and the log; e-mail or SMS delivery would read the
    outbox (a port for later). Queued in memory and written a batch at a time."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.pending: list[dict[str, object]] = []

    def send(self, *, client_id: UUID, case_id: UUID, kind: str, body: str) -> None:
        self.pending.append(
            {
                "id": uuid.uuid4(),
                "client_id": client_id,
                "case_id": case_id,
                "kind": kind,
                "channel": "log",
                "body": body,
            }
        )

    def flush(self) -> int:
        batch, self.pending = self.pending, []
        if batch:
            with self.engine.begin() as conn:
                conn.execute(insert(notifications).values(created_at=func.now()), batch)
            log.info(
                "reminders_queued",
                count=len(batch),
                kinds=sorted({str(item["kind"]) for item in batch}),
            )
        return len(batch)
