"""Customer HTTP API: clients and (read-only) subscribers; internal provisioning routes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, delete, get, patch, post, put
from litestar.params import Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from mtf.customer.adapters.http.schemas import (
    ClientCreate,
    ClientDeletion,
    ClientDetail,
    ClientKind,
    ClientLookup,
    ClientOut,
    ClientPage,
    ClientStatus,
    ClientStatusChange,
    ClientUpdate,
    LineRequest,
    LineStatus,
    Service,
    SubscriberOut,
    SubscriberPage,
    client_detail,
    client_out,
    subscriber_out,
)
from mtf.customer.application.commands import ChangeClient
from mtf.customer.application.imports import (
    ClientImports,
    ImportedClient,
    ImportedLine,
    registration_of,
)
from mtf.customer.application.ports import SubscriberRegistry
from mtf.customer.application.use_cases import (
    CLIENT_SORTS,
    ClientCommands,
    ClientQueries,
    LineProvisioning,
)
from mtf.kernel.auth import Principal, verify_service
from mtf.kernel.errors import DomainError, Forbidden, NotFound, invalid
from mtf.kernel.http import actor_of, principal_of, requires
from mtf.kernel.pagination import next_cursor, page_request
from mtf.kernel.service_keys import CLIENT_LOOKUP, CLIENTS, FEED_POLL
from mtf.kernel.threads import run_sync


def sees_personal_data(request: Request[Any, Any, Any]) -> bool:
    return "pii:read" in principal_of(request).permissions


LINE_SORTS = ("created_at", "number", "status", "service")
MAX_IDS = 100  # clients asked for by id in one list request


class ClientController(Controller):
    path = "/api/v1/clients"
    tags = ["clients"]

    @get("/", summary="List clients (search by name, company name, CIN, ICE, phone or line number)")
    async def list_clients(
        self,
        request: Request[Any, Any, Any],
        queries: FromDishka[ClientQueries],
        q: str | None = Parameter(
            default=None,
            max_length=100,
            description=(
                "whole words of the name or company name (accents and case ignored), "
                "a CIN, an ICE, a phone number or a line number"
            ),
        ),
        id: list[UUID] | None = Parameter(  # the query parameter's name (?id=..&id=..)
            default=None,
            description=(
                "only these clients (repeat the parameter, at most 100): the names of a "
                "list's clients in one request"
            ),
            max_items=MAX_IDS,
        ),
        ice: str | None = Parameter(
            default=None,
            max_length=15,
            description="a business's ICE (15 digits)",
            schema_extra={"pattern": r"^[0-9]{15}$"},
        ),
        kind: ClientKind | None = None,
        cin: str | None = Parameter(
            default=None,
            max_length=20,
            description="one or two letters then 1 to 6 digits (spaces and case ignored)",
            schema_extra={"pattern": r"^\s*[A-Za-z]\s*(?:[A-Za-z]\s*)?(?:[0-9]\s*){1,6}$"},
        ),
        status: ClientStatus | None = None,
        sort: str | None = Parameter(
            default=None,
            description="created_at, status; prefix - for descending (newest first by default)",
        ),
        limit: int | None = Parameter(default=None, ge=1, le=500),
        cursor: str | None = None,
    ) -> ClientPage:
        pii = sees_personal_data(request)
        if id and len(id) > MAX_IDS:
            raise invalid("id", f"at most {MAX_IDS} per request")
        if (q or cin) and not pii:
            # a search by name or CIN answers "is this person a client?": personal data too
            raise Forbidden("searching clients by name or CIN needs the permission 'pii:read'")
        page = page_request(
            limit=limit,
            cursor=cursor,
            sort=sort,
            allowed_sorts=CLIENT_SORTS,
            default_sort="-created_at",
        )
        rows, total = await run_sync(
            lambda: queries.list_clients(
                q=q, cin=cin, status=status, page=page, ice=ice, kind=kind, ids=tuple(id or ())
            )
        )
        return ClientPage(
            items=[client_out(r, pii=pii) for r in rows],
            next_cursor=next_cursor(page, len(rows), total),
            total=total,
        )

    @post(
        "/",
        summary="Register a client",
        status_code=HTTP_201_CREATED,
        guards=[requires("clients:write")],
    )
    async def create_client(
        self,
        request: Request[Any, Any, Any],
        data: ClientCreate,
        commands: FromDishka[ClientCommands],
        queries: FromDishka[ClientQueries],
    ) -> ClientOut:
        client_id = await run_sync(lambda: commands.register(data, actor_of(request)))
        return client_out(
            await run_sync(queries.client, client_id), pii=sees_personal_data(request)
        )

    @get("/{client_id:uuid}", summary="One client with their lines")
    async def get_client(
        self,
        request: Request[Any, Any, Any],
        client_id: UUID,
        queries: FromDishka[ClientQueries],
        lines: FromDishka[SubscriberRegistry],
    ) -> ClientDetail:
        row = await run_sync(queries.client, client_id)
        page = page_request(
            limit=500, cursor=None, sort=None, allowed_sorts=LINE_SORTS, default_sort="created_at"
        )
        line_rows, _ = await run_sync(lambda: lines.list(client_id, None, None, page))
        return client_detail(row, line_rows, pii=sees_personal_data(request))

    @patch(
        "/{client_id:uuid}", summary="Change a client's details", guards=[requires("clients:write")]
    )
    async def update_client(
        self,
        request: Request[Any, Any, Any],
        client_id: UUID,
        data: ClientUpdate,
        commands: FromDishka[ClientCommands],
        queries: FromDishka[ClientQueries],
    ) -> ClientOut:
        changes = ChangeClient(**msgspec.structs.asdict(data))
        await run_sync(lambda: commands.update(client_id, changes, actor_of(request)))
        return client_out(
            await run_sync(queries.client, client_id), pii=sees_personal_data(request)
        )

    @post(
        "/{client_id:uuid}/status",
        summary="Change a client's status (with a reason)",
        status_code=HTTP_200_OK,
        guards=[requires("clients:write")],
    )
    async def change_status(
        self,
        request: Request[Any, Any, Any],
        client_id: UUID,
        data: ClientStatusChange,
        commands: FromDishka[ClientCommands],
        queries: FromDishka[ClientQueries],
    ) -> ClientOut:
        await run_sync(
            lambda: commands.change_status(client_id, data.status, data.reason, actor_of(request))
        )
        return client_out(
            await run_sync(queries.client, client_id), pii=sees_personal_data(request)
        )

    @delete(
        "/{client_id:uuid}",
        summary="Controlled deletion (erasure; permission clients:erase): refused while contracts are current",
        status_code=HTTP_200_OK,
        guards=[requires("clients:erase")],
    )
    async def delete_client(
        self, request: Request[Any, Any, Any], client_id: UUID, commands: FromDishka[ClientCommands]
    ) -> ClientDeletion:
        outcome = await run_sync(lambda: commands.delete(client_id, actor_of(request)))
        return ClientDeletion(id=str(client_id), outcome=outcome)  # type: ignore[arg-type]


class SubscriberController(Controller):
    path = "/api/v1/subscribers"
    tags = ["subscribers"]

    @get("/", summary="List lines (read only: lines come from provisioning)")
    async def list_subscribers(
        self,
        lines: FromDishka[SubscriberRegistry],
        client_id: UUID | None = None,
        status: LineStatus | None = None,
        service: Service | None = None,
        sort: str | None = Parameter(
            default=None, description="created_at, number, status, service"
        ),
        limit: int | None = Parameter(default=None, ge=1, le=500),
        cursor: str | None = None,
    ) -> SubscriberPage:
        page = page_request(
            limit=limit,
            cursor=cursor,
            sort=sort,
            allowed_sorts=LINE_SORTS,
            default_sort="created_at",
        )
        rows, total = await run_sync(lambda: lines.list(client_id, status, service, page))
        return SubscriberPage(
            items=[subscriber_out(r) for r in rows],
            next_cursor=next_cursor(page, len(rows), total),
            total=total,
        )

    @get("/{subscriber_id:uuid}", summary="One line")
    async def get_subscriber(
        self, subscriber_id: UUID, lines: FromDishka[SubscriberRegistry]
    ) -> SubscriberOut:
        row = await run_sync(lines.get, subscriber_id)
        if row is None:
            raise NotFound(f"no subscriber with id {subscriber_id}")
        return subscriber_out(row)


class ImportedLineIn(msgspec.Struct, forbid_unknown_fields=True):
    subscriber_id: UUID
    service: str


class ImportedClientIn(msgspec.Struct, forbid_unknown_fields=True):
    client_id: UUID
    # the registration's fields as the source file gives them: the domain's rules judge them
    data: dict[str, str]
    lines: list[ImportedLineIn] = msgspec.field(default_factory=list)


class ImportBatchIn(msgspec.Struct, forbid_unknown_fields=True):
    clients: list[ImportedClientIn]


IMPORT_BATCH_MAX = 2000


class InternalProvisioningController(Controller):
    """Service-to-service routes used by the contracts service's checkout saga.
    Never routed by the gateway; service tokens only."""

    path = "/internal"
    include_in_schema = False

    def _check(self, request: Request[Any, Any, Any], permission: str = CLIENTS) -> Principal:
        return verify_service(
            request.headers.get("authorization"),
            me="customer",
            keys=request.app.state.settings.service_keys,
            permission=permission,
        )

    @put("/clients/{client_id:uuid}", status_code=HTTP_200_OK)
    async def ensure_client(
        self,
        request: Request[Any, Any, Any],
        client_id: UUID,
        data: ClientCreate,
        commands: FromDishka[ClientCommands],
        queries: FromDishka[ClientQueries],
        provisioning: FromDishka[LineProvisioning],
        subscriber_id: UUID | None = None,
        service: str | None = None,
    ) -> ClientOut | ClientDetail:
        """Register the client under this id unless it exists (idempotent). With
        `subscriber_id` and `service`, that line too (as `PUT /internal/subscribers/{id}`
        does), in the same call: the answer then lists it under `subscribers`."""
        self._check(request)
        actor = request.headers.get("x-on-behalf-of") or "service:contracts"

        def ensure() -> ClientOut | ClientDetail:
            commands.register(data, f"{actor} via service:contracts", client_id=client_id)
            row = queries.client(client_id)
            if subscriber_id is None or service is None:
                return client_out(row)
            try:
                line = provisioning.ensure_line(subscriber_id, client_id, service)
            except DomainError:
                # left to the checkout's line step, whose own call reports it (and undoes
                # the client): the client's registration stands on its own
                return client_out(row)
            return client_detail(row, [line])

        return await run_sync(ensure)

    @post("/imports/clients", status_code=HTTP_200_OK)
    async def import_clients(
        self,
        request: Request[Any, Any, Any],
        data: ImportBatchIn,
        imports: FromDishka[ClientImports],
    ) -> dict[str, Any]:
        """A migration import's batch of clients and their lines, registered as checkouts
        register them (idempotent per client id); each client's outcome and field errors."""
        self._check(request)
        if len(data.clients) > IMPORT_BATCH_MAX:
            raise invalid("clients", f"at most {IMPORT_BATCH_MAX} per batch")
        actor = request.headers.get("x-on-behalf-of") or "service:contracts"
        batch = [
            ImportedClient(
                c.client_id,
                registration_of(c.data),
                tuple(ImportedLine(line.subscriber_id, line.service) for line in c.lines),
            )
            for c in data.clients
        ]
        results = await run_sync(
            lambda: imports.register_batch(batch, f"{actor} via service:contracts")
        )
        return {
            "results": [
                {
                    "client_id": str(r.client_id),
                    "status": r.status,
                    "errors": [{"field": e.field, "message": e.message} for e in r.errors],
                    "numbers": {str(k): v for k, v in r.numbers.items()},
                }
                for r in results
            ]
        }

    @post("/clients/lookup", status_code=HTTP_200_OK)
    async def lookup_clients(
        self,
        request: Request[Any, Any, Any],
        data: ClientLookup,
        queries: FromDishka[ClientQueries],
        lines: FromDishka[SubscriberRegistry],
    ) -> dict[str, Any]:
        """Several clients at once (billing prints names, addresses and line numbers on
        invoice PDFs); unknown ids are left out."""
        # names and addresses in clear: the caller's token must carry pii:read as well
        self._check(request, CLIENT_LOOKUP).require("pii:read")
        if len(data.ids) > 500:
            raise invalid("ids", "at most 500 per request")
        try:
            ids = [UUID(i) for i in data.ids]
        except ValueError as exc:
            raise invalid("ids", "must be UUIDs") from exc

        def find() -> dict[str, Any]:
            found: dict[str, Any] = {}
            page = page_request(
                limit=500,
                cursor=None,
                sort=None,
                allowed_sorts=LINE_SORTS,
                default_sort="created_at",
            )
            for client_id in ids:
                try:
                    row = queries.client(client_id)
                except NotFound:
                    continue
                if data.lines:
                    line_rows, _ = lines.list(client_id, None, None, page)
                    found[str(client_id)] = msgspec.to_builtins(client_detail(row, line_rows))
                else:
                    found[str(client_id)] = msgspec.to_builtins(client_out(row))
            return found

        return {"clients": await run_sync(find)}

    @post("/clients/validate", status_code=HTTP_200_OK)
    async def validate_client(
        self,
        request: Request[Any, Any, Any],
        data: ClientCreate,
        commands: FromDishka[ClientCommands],
        queries: FromDishka[ClientQueries],
    ) -> dict[str, Any]:
        """Would this personal data be accepted? (checkout validates before placing.) With
        `pii:read` the answer also says who already holds this CIN (an individual) or ICE
        (a business), as `client` (its id and status, or null): the checkout's next question,
        answered in the same call."""
        principal = self._check(request)

        def check() -> dict[str, Any]:
            commands.check(data)
            if "pii:read" not in principal.permissions:
                return {"valid": True}
            page = page_request(
                limit=1,
                cursor=None,
                sort=None,
                allowed_sorts=CLIENT_SORTS,
                default_sort="-created_at",
            )
            if data.kind == "business":
                rows, _ = queries.list_clients(
                    q=None, cin=None, status=None, page=page, ice=str(data.ice)
                )
            else:
                rows, _ = queries.list_clients(q=None, cin=str(data.cin), status=None, page=page)
            holder = {"id": str(rows[0]["id"]), "status": rows[0]["status"]} if rows else None
            return {"valid": True, "client": holder}

        return await run_sync(check)

    @put("/subscribers/{subscriber_id:uuid}", status_code=HTTP_200_OK)
    async def ensure_line(
        self,
        request: Request[Any, Any, Any],
        subscriber_id: UUID,
        data: LineRequest,
        provisioning: FromDishka[LineProvisioning],
    ) -> SubscriberOut:
        self._check(request)
        try:
            client_id = UUID(data.client_id)
        except ValueError as exc:
            raise invalid("client_id", "must be a UUID") from exc
        row = await run_sync(
            lambda: provisioning.ensure_line(subscriber_id, client_id, data.service)
        )
        return subscriber_out(row)

    @post("/feeds/contracts/poll", status_code=HTTP_200_OK)
    async def poll_contracts(self, request: Request[Any, Any, Any]) -> dict[str, int]:
        """Apply the contracts feed now (the worker does it anyway within a second). Nudges
        that arrive while a catch-up runs share the next one (a checkout each, 8 at once:
        two or three catch-ups, not eight queued on the tracking row)."""
        self._check(request, FEED_POLL)
        follower = request.app.state.contracts_follower
        return {"applied": await run_sync(follower.catch_up_within, 0.0)}
