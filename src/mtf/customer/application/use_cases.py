"""Customer use cases: register, change, change status, delete; lines for provisioning."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from mtf.customer.application.commands import ChangeClient, RegisterClient
from mtf.customer.application.ports import (
    BalanceDirectory,
    CinRegistry,
    ClientFilter,
    ClientStore,
    ClientViews,
    ContractsDirectory,
    ErasureFollowers,
    IceRegistry,
    PersonalDataVault,
    ReadModelRefresher,
    SubscriberRegistry,
)
from mtf.customer.domain.client import (
    CIN_RE,
    COMPANY_FIELDS,
    ICE_RE,
    Client,
    check_client,
    check_company,
    check_personal_data,
    normalise_cin,
    normalise_phone,
)
from mtf.customer.domain.subscriber import INTERNET_LINE_RE, SERVICES
from mtf.kernel.clock import Clock
from mtf.kernel.crypto import KeyedHash
from mtf.kernel.errors import Conflict, ErrorList, NotFound, already_exists, invalid
from mtf.kernel.ids import new_id
from mtf.kernel.pagination import PageRequest

# names are not kept in clear (blind index only), so the database cannot sort by them
CLIENT_SORTS = ("created_at", "status")


class ClientCommands:
    def __init__(
        self,
        store: ClientStore,
        vault: PersonalDataVault,
        registry: CinRegistry,
        cin_hash: KeyedHash,
        contracts: ContractsDirectory,
        read_model: ReadModelRefresher,
        clock: Clock,
        balances: BalanceDirectory,
        erasures: ErasureFollowers | None = None,
        ices: IceRegistry | None = None,
    ) -> None:
        self.ices = ices
        self.balances = balances
        self.erasures = erasures
        self.store = store
        self.vault = vault
        self.registry = registry
        self.cin_hash = cin_hash
        self.contracts = contracts
        self.read_model = read_model
        self.clock = clock

    def check(self, command: RegisterClient) -> None:
        """Validate a client (either kind) without registering anyone."""
        check_client(command.given(), today=self.clock.today())

    def register(
        self,
        command: RegisterClient,
        actor: str,
        *,
        client_id: UUID | None = None,
        prefix: str = "",
    ) -> UUID:
        """Register a client; with a given id the call is idempotent (provisioning retries).
        An individual is unique by CIN; a business by ICE (its representative's CIN, if
        given, is sealed with the contact's data but names no client: a person may
        represent several companies)."""
        kind, company, clean = check_client(
            command.given(), today=self.clock.today(), prefix=prefix
        )
        cin_hash = self.cin_hash(clean["cin"]) if kind == "individual" else ""
        client_id = client_id or new_id()
        if self.store.exists(client_id):
            existing = self.store.get(client_id)
            same = (
                existing.cin_hash == cin_hash
                if kind == "individual"
                else (getattr(existing, "company", None) or {}).get("ice")
                == (company or {}).get("ice")
            )
            if not same:
                raise Conflict("this client id is already used by another client")
            return client_id
        if kind == "individual":
            self._reserve(self.registry, cin_hash, client_id, f"{prefix}cin")
        else:
            assert company is not None and self.ices is not None
            self._reserve(self.ices, company["ice"], client_id, f"{prefix}ice")
        self.vault.ensure_key(client_id)
        client = Client(
            client_id=client_id,
            sealed_personal=self.vault.seal(client_id, clean),
            cin_hash=cin_hash,
            actor=actor,
            kind=kind,
            company=company,
        )
        self.store.save(client)
        self.read_model.catch_up()
        return client_id

    def _reserve(
        self, registry: CinRegistry | IceRegistry, key: str, client_id: UUID, field: str
    ) -> None:
        """The unique key (a CIN's hash, an ICE) for this client, or 409 naming the field."""
        holder = registry.reserve(key, client_id)
        if holder != client_id:
            if self.store.exists(holder):
                raise already_exists(field, "is already registered to another client")
            registry.reassign(key, client_id)  # left over from an interrupted registration

    def update(self, client_id: UUID, command: ChangeClient, actor: str) -> None:
        """Change contact details; the CIN identifies the person and is not edited here."""
        changes = command.given()
        if "cin" in changes:
            raise invalid("cin", "cannot be changed; register the right person instead")
        if "ice" in changes:
            raise invalid("ice", "cannot be changed; register the right company instead")
        client = self.store.get(client_id)
        if client.erased:
            raise NotFound(f"no client with id {client_id}")
        # an empty company field leaves it as it is (as an empty name does)
        company_changes = {
            k: v for k, v in changes.items() if k in COMPANY_FIELDS and v not in (None, "")
        }
        personal_changes = {k: v for k, v in changes.items() if k not in COMPANY_FIELDS}
        errors = ErrorList()
        if company_changes and getattr(client, "kind", "individual") != "business":
            for key in company_changes:
                errors.add(key, "is only for a business client (kind business)")
        company = check_company(company_changes, partial=True, errors=errors)
        clean = check_personal_data(
            personal_changes, today=self.clock.today(), partial=True, errors=errors
        )
        current = self.vault.open(client_id, client.sealed_personal) or {}
        merged = {**current, **clean}
        merged = {k: v for k, v in merged.items() if v is not None}
        before = client.version
        if company:
            client.change_company(company, actor=actor)
        if merged != current:
            client.update_personal_data(self.vault.seal(client_id, merged), actor=actor)
        if client.version == before:
            return
        self.store.save(client)
        self.read_model.catch_up()

    def change_status(self, client_id: UUID, status: str, reason: str, actor: str) -> None:
        client = self.store.get(client_id)
        if client.erased:
            raise NotFound(f"no client with id {client_id}")
        client.change_status(status, reason, actor=actor)
        self.store.save(client)
        self.read_model.catch_up()

    def delete(self, client_id: UUID, actor: str) -> str:
        """Controlled deletion: refused while contracts are current; otherwise erase the
        person (anonymous history kept), or remove a client who never had a contract."""
        client = self.store.get(client_id)
        if client.erased:
            raise NotFound(f"no client with id {client_id}")
        counts = self.contracts.counts(client_id)
        if counts.current:
            raise Conflict(
                f"the client has {counts.current} active or suspended contract(s); "
                "terminate them before deleting the client"
            )
        due = self.balances.amount_due(client_id)
        if due > 0:
            raise Conflict(
                f"the client has an unpaid balance of {due} MAD; settle it before deleting the client"
            )
        removed = counts.ever == 0
        client.erase(removed=removed, actor=actor)
        self.store.save(client)
        self.read_model.catch_up()  # destroys the data key and frees the CIN, exactly once
        if self.erasures is not None:
            self.erasures.client_erased(client_id)  # billing re-renders the archived PDFs
        return "removed" if removed else "anonymised"


class ClientQueries:
    def __init__(self, views: ClientViews, cin_hash: KeyedHash) -> None:
        self.views = views
        self.cin_hash = cin_hash

    def list_clients(
        self,
        *,
        q: str | None,
        cin: str | None,
        status: str | None,
        page: PageRequest,
        ice: str | None = None,
        kind: str | None = None,
        ids: tuple[UUID, ...] = (),
    ) -> tuple[list[dict[str, Any]], int]:
        if ice is not None and not ICE_RE.fullmatch(ice):
            raise invalid("ice", "must be 15 digits")
        cin_hash = None
        if cin is not None:
            normalised = normalise_cin(cin)
            if not CIN_RE.match(normalised):
                raise invalid("cin", "must be one or two letters then 1 to 6 digits")
            cin_hash = self.cin_hash(normalised)
        query_cin = normalise_cin(q) if q else ""
        line_id = q.strip().upper() if q else ""
        filters = ClientFilter(
            q=q.strip() if q else None,
            # a search that looks like a CIN also finds the client holding it
            q_cin_hash=self.cin_hash(query_cin) if CIN_RE.match(query_cin) else None,
            cin_hash=cin_hash,
            status=status,
            ice=ice,
            q_ice=q.strip() if q and ICE_RE.fullmatch(q.strip()) else None,
            # a phone number also finds the client by one of their line numbers
            q_phone=normalise_phone(q) if q else None,
            q_line=line_id if INTERNET_LINE_RE.fullmatch(line_id) else None,
            kind=kind,
            ids=ids,
        )
        return self.views.list(filters, page)

    def client(self, client_id: UUID) -> dict[str, Any]:
        found = self.views.get(client_id)
        if found is None:
            raise NotFound(f"no client with id {client_id}")
        return found


class LineProvisioning:
    """Lines are created and changed only by provisioning (service calls)."""

    def __init__(self, store: ClientStore, lines: SubscriberRegistry) -> None:
        self.store = store
        self.lines = lines

    def ensure_line(self, subscriber_id: UUID, client_id: UUID, service: str) -> dict[str, Any]:
        if service not in SERVICES:
            raise invalid("service", f"must be one of {', '.join(SERVICES)}")
        if not self.store.exists(client_id) or self.store.get(client_id).erased:
            raise invalid("client_id", "no such client")
        line = self.lines.ensure(subscriber_id, client_id, service)
        if line["client_id"] != client_id or line["service"] != service:
            raise Conflict("this subscriber id belongs to another line")
        return line
