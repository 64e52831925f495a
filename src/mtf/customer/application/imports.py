"""Registering a batch of clients and their lines (a migration import, orchestrated by the
contracts service): the same rules, aggregates and events as one registration at checkout
(`ClientCommands.register`, `LineProvisioning.ensure_line`), written a batch at a time.

Idempotent per client id (the contracts service derives it from the source's client
reference): a batch sent again after a crash registers nobody twice and gives each line the
number it got the first time. A client refused by a rule is reported with the rule's field
errors and nothing of it is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from mtf.customer.application.commands import RegisterClient
from mtf.customer.application.ports import (
    BatchLines,
    BatchRegistry,
    BatchVault,
    ClientBatchStore,
    ReadModelRefresher,
)
from mtf.customer.domain.client import Client, check_client
from mtf.customer.domain.subscriber import SERVICES
from mtf.kernel.clock import Clock
from mtf.kernel.crypto import KeyedHash
from mtf.kernel.errors import FieldError, ValidationFailed

CREATED, EXISTING, REJECTED = "created", "existing", "rejected"


@dataclass(frozen=True)
class ImportedLine:
    subscriber_id: UUID
    service: str


@dataclass(frozen=True)
class ImportedClient:
    client_id: UUID
    registration: RegisterClient  # the same command as a registration: the rules judge it
    lines: tuple[ImportedLine, ...] = ()


def registration_of(cells: dict[str, str]) -> RegisterClient:
    """A source file's client cells as the registration command (an empty cell is an absent
    field; a missing name or phone is left empty for the rules to name)."""
    given: dict[str, Any] = {
        k: v for k, v in cells.items() if k in RegisterClient.__struct_fields__ and v
    }
    for required in ("first_name", "last_name", "phone"):
        given.setdefault(required, "")
    return RegisterClient(**given)


@dataclass
class ImportedClientResult:
    client_id: UUID
    status: str = CREATED
    errors: list[FieldError] = field(default_factory=list)
    # each line's number (an internet line's line id), by subscriber id
    numbers: dict[UUID, str] = field(default_factory=dict)

    def reject(self, field_path: str, message: str) -> None:
        self.status = REJECTED
        self.errors.append(FieldError(field_path, message))


@dataclass
class _Checked:
    item: ImportedClient
    result: ImportedClientResult
    kind: str
    company: dict[str, Any] | None
    clean: dict[str, Any]
    key: str  # the CIN's hash (individual) or the ICE (business)

    @property
    def key_field(self) -> str:
        return "cin" if self.kind == "individual" else "ice"


class ClientImports:
    def __init__(
        self,
        store: ClientBatchStore,
        vault: BatchVault,
        cins: BatchRegistry,
        ices: BatchRegistry,
        cin_hash: KeyedHash,
        lines: BatchLines,
        read_model: ReadModelRefresher,
        clock: Clock,
    ) -> None:
        self.store = store
        self.vault = vault
        self.cins = cins
        self.ices = ices
        self.cin_hash = cin_hash
        self.lines = lines
        self.read_model = read_model
        self.clock = clock

    def register_batch(self, batch: list[ImportedClient], actor: str) -> list[ImportedClientResult]:
        today = self.clock.today()
        results = [ImportedClientResult(item.client_id) for item in batch]
        checked: list[_Checked] = []
        seen: dict[tuple[str, str], UUID] = {}
        for item, result in zip(batch, results, strict=True):
            try:
                kind, company, clean = check_client(item.registration.given(), today=today)
            except ValidationFailed as exc:
                result.status = REJECTED
                result.errors.extend(exc.errors)
                continue
            for line in item.lines:
                if line.service not in SERVICES:
                    result.reject("service", f"must be one of {', '.join(SERVICES)}")
            if result.status == REJECTED:
                continue
            key = self.cin_hash(clean["cin"]) if kind == "individual" else str(company["ice"])  # type: ignore[index]
            one = _Checked(item, result, kind, company, clean, key)
            other = seen.setdefault((one.key_field, key), item.client_id)
            if other != item.client_id:
                result.reject(one.key_field, "is another client's of the same import")
                continue
            checked.append(one)
        existing = self.store.existing([c.item.client_id for c in checked])
        self._reserve(checked, existing)
        self._compare(checked)
        new = [c for c in checked if c.result.status == CREATED]
        self.vault.ensure_keys([c.item.client_id for c in new])
        self.store.save(
            *(
                Client(
                    client_id=c.item.client_id,
                    sealed_personal=self.vault.seal(c.item.client_id, c.clean),
                    cin_hash=c.key if c.kind == "individual" else "",
                    actor=actor,
                    kind=c.kind,
                    company=c.company,
                )
                for c in new
            )
        )
        accepted = [c for c in checked if c.result.status in (CREATED, EXISTING)]
        lines = self.lines.ensure_many(
            [
                (line.subscriber_id, c.item.client_id, line.service)
                for c in accepted
                for line in c.item.lines
            ]
        )
        for c in accepted:
            for line in c.item.lines:
                row = lines[line.subscriber_id]
                if row["client_id"] != c.item.client_id or row["service"] != line.service:
                    c.result.reject("subscriber_id", "this subscriber id belongs to another line")
                else:
                    c.result.numbers[line.subscriber_id] = row["number"]
        if new:
            self.read_model.catch_up()
        return results

    def _compare(self, checked: list[_Checked]) -> None:
        """A client imported before (its reference seen again) with other data now: its new
        lines are refused rather than the data silently kept or changed (a change of
        personal data is the console's, with its own audit)."""
        known = [c for c in checked if c.result.status == EXISTING]
        if not known:
            return
        clients = self.store.get_many([c.item.client_id for c in known])
        for c in known:
            client = clients.get(c.item.client_id)
            if client is None or client.erased:
                c.result.reject("client_ref", "names a client whose data was erased")
                continue
            personal = self.vault.open(c.item.client_id, client.sealed_personal) or {}
            company = getattr(client, "company", None)
            if personal != c.clean or (company or None) != (c.company or None):
                c.result.reject(
                    "client_ref",
                    "the client was imported before with other data: not applied; "
                    "change the client in the console",
                )

    def _reserve(self, checked: list[_Checked], existing: set[UUID]) -> None:
        """Each client's CIN (or ICE) reserved for it in one statement per registry; a key
        another registered client holds refuses the row (409 already-exists at checkout)."""
        for registry, kind in ((self.cins, "individual"), (self.ices, "business")):
            mine = [c for c in checked if c.kind == kind]
            known = [c for c in mine if c.item.client_id in existing]
            fresh = [c for c in mine if c.item.client_id not in existing]
            # a client already registered (an import sent again) reserves nothing new
            holders = registry.holders([c.key for c in known])
            holders.update(registry.reserve_many({c.key: c.item.client_id for c in fresh}))
            taken = self.store.existing(
                [h for c in mine if (h := holders.get(c.key)) and h != c.item.client_id]
            )
            for c in mine:
                holder = holders.get(c.key)
                if c.item.client_id in existing:
                    if holder == c.item.client_id:
                        c.result.status = EXISTING
                    else:
                        c.result.reject(
                            c.key_field,
                            "differs from the client registered under this reference",
                        )
                elif holder != c.item.client_id:
                    if holder in taken:
                        c.result.reject(c.key_field, "is already registered to another client")
                    else:  # left over from an interrupted registration
                        registry.reassign(c.key, c.item.client_id)
