"""Event feed and audit history, built once for every service.

- `GET /internal/events?after=&limit=`: the service's notification log (its outbox), for
  other services' followers; service tokens only.
- `GET /api/v1/audit/{aggregate_type}/{id}/events` and `.../state?version=&at=`: an
  aggregate's full history and its state rebuilt as of a version or an instant.
A service gets both by declaring its aggregates on its event store class.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.domain import Aggregate
from litestar import Request, Router, get
from litestar.params import Parameter

from mtf.kernel.auth import verify_service
from mtf.kernel.errors import DomainError, NotFound, invalid
from mtf.kernel.eventstore import ServiceEventStore, event_record, to_jsonable
from mtf.kernel.http import requires
from mtf.kernel.pagination import paginate
from mtf.kernel.service_keys import EVENTS
from mtf.kernel.settings import Settings
from mtf.kernel.threads import run_sync

FEED_MAX = 1000


class FeedEvent(msgspec.Struct):
    """One published event: `event_type` and `schema_version` name its published type
    (`mtf.<service>.published`), `payload` is that type's payload, never the domain
    event's attributes."""

    position: int
    aggregate_type: str
    aggregate_id: str
    version: int
    event_type: str
    schema_version: int
    timestamp: str
    actor: str
    payload: dict[str, Any]


class FeedPage(msgspec.Struct):
    items: list[FeedEvent]
    last_position: int
    max_position: int


class AuditEvent(msgspec.Struct):
    version: int
    event_type: str
    timestamp: str
    actor: str
    payload: dict[str, Any]


class AuditHistory(msgspec.Struct):
    aggregate_type: str
    aggregate_id: str
    items: list[AuditEvent]
    next_cursor: str | None
    total: int


class AuditState(msgspec.Struct):
    aggregate_type: str
    aggregate_id: str
    version: int
    as_of: str
    state: dict[str, Any]


def _store(request: Request[Any, Any, Any]) -> ServiceEventStore:
    store: ServiceEventStore = request.app.state.event_store
    return store


def _aggregate_type_of_topic(store: ServiceEventStore, topic: str) -> str:
    module, _, qualname = topic.partition(":")
    for name, cls in store.aggregates.items():
        if cls.__module__ == module and qualname.startswith(cls.__qualname__ + "."):
            return name
    return "unknown"


@get("/internal/events", sync_to_thread=True, include_in_schema=False)
def internal_events(
    request: Request[Any, Any, Any],
    after: int = Parameter(default=0, ge=0),
    limit: int = Parameter(default=200, ge=1, le=FEED_MAX),
) -> FeedPage:
    """Pages of this service's published events after a position (service tokens only).
    Events the service does not publish are left out; `last_position` still moves past
    them, and a page may hold fewer than `limit` items before `max_position` is reached."""
    settings: Settings = request.app.state.settings
    verify_service(
        request.headers.get("authorization"),
        me=request.app.state.service,
        keys=settings.service_keys,
        permission=EVENTS,
    )
    store = _store(request)
    language = store.published
    # most pages asked for are past the head (a read's catch-up when nothing is new): the
    # head alone answers them, one indexed query (the last entry of the primary key)
    head = store.recorder.max_notification_id() or 0
    if after >= head:
        return FeedPage(items=[], last_position=after, max_position=head)
    notifications = store.recorder.select_notifications(
        start=after, limit=limit, inclusive_of_start=False
    )
    items = []
    for notification in notifications:
        aggregate_type = _aggregate_type_of_topic(store, notification.topic)
        event: Any = store.mapper.to_domain_event(notification)
        published = language.publish(aggregate_type, event) if language else None
        if published is None:
            continue
        kind, payload = published
        items.append(
            FeedEvent(
                position=notification.id,
                aggregate_type=aggregate_type,
                aggregate_id=str(event.originator_id),
                version=event.originator_version,
                event_type=kind.name,
                schema_version=kind.version,
                timestamp=event.timestamp.isoformat(),
                actor=str(getattr(event, "actor", "system")),
                payload=payload,
            )
        )
    return FeedPage(
        items=items,
        last_position=notifications[-1].id if notifications else after,
        max_position=max(head, notifications[-1].id if notifications else 0),
    )


def _history(store: ServiceEventStore, aggregate_type: str, aggregate_id: UUID) -> list[Any]:
    cls = store.aggregates.get(aggregate_type)
    if cls is None:
        raise NotFound(f"no aggregate type '{aggregate_type}' in this service")
    stored = store.recorder.select_events(aggregate_id)
    if not stored or _aggregate_type_of_topic(store, stored[0].topic) != aggregate_type:
        raise NotFound(f"no {aggregate_type} with id {aggregate_id}")
    return [store.mapper.to_domain_event(s) for s in stored]


@get(
    "/api/v1/audit/{aggregate_type:str}/{aggregate_id:uuid}/events",
    sync_to_thread=True,
    guards=[requires("audit:read")],
    tags=["audit"],
)
def audit_events(
    request: Request[Any, Any, Any],
    aggregate_type: str,
    aggregate_id: UUID,
    limit: int | None = Parameter(default=None, ge=1, le=500),
    cursor: str | None = None,
    sort: str | None = Parameter(default=None, description="version; prefix - for descending"),
) -> AuditHistory:
    """Every event of one aggregate: version, type, when, who, payload."""
    events = _history(_store(request), aggregate_type, aggregate_id)
    chunk, following, total = paginate(
        [event_record(event) for event in events],
        limit=limit,
        cursor=cursor,
        sort=sort,
        allowed_sorts=("version",),
        default_sort="version",
    )
    items = [
        AuditEvent(
            version=int(r["version"]),  # type: ignore[call-overload]
            event_type=str(r["event_type"]),
            timestamp=str(r["timestamp"]),
            actor=str(r["actor"]),
            payload=dict(r["payload"]),  # type: ignore[call-overload]
        )
        for r in chunk
    ]
    return AuditHistory(
        aggregate_type=aggregate_type,
        aggregate_id=str(aggregate_id),
        items=items,
        next_cursor=following,
        total=total,
    )


def aggregate_state(aggregate: Aggregate) -> dict[str, Any]:
    state = {k: to_jsonable(v) for k, v in aggregate.__dict__.items() if not k.startswith("_")}
    state["id"] = str(aggregate.id)
    return state


@get(
    "/api/v1/audit/{aggregate_type:str}/{aggregate_id:uuid}/state",
    sync_to_thread=True,
    guards=[requires("audit:read")],
    tags=["audit"],
)
def audit_state(
    request: Request[Any, Any, Any],
    aggregate_type: str,
    aggregate_id: UUID,
    version: int | None = Parameter(default=None, ge=1),
    at: datetime | None = Parameter(default=None),
) -> AuditState:
    """The aggregate rebuilt from its events as of a version or an instant."""
    store = _store(request)
    events = _history(store, aggregate_type, aggregate_id)
    target = events[-1].originator_version
    if at is not None:
        moment = at if at.tzinfo else at.replace(tzinfo=UTC)
        before = [e for e in events if e.timestamp <= moment]
        if not before:
            raise invalid("at", f"the {aggregate_type} did not exist yet at {moment.isoformat()}")
        target = before[-1].originator_version
    if version is not None:
        if version > events[-1].originator_version:
            raise invalid("version", f"the latest version is {events[-1].originator_version}")
        target = min(target, version)
    aggregate: Aggregate = store.repository.get(aggregate_id, version=target)
    as_of = next(e.timestamp for e in events if e.originator_version == target)
    return AuditState(
        aggregate_type=aggregate_type,
        aggregate_id=str(aggregate_id),
        version=target,
        as_of=as_of.isoformat(),
        state=aggregate_state(aggregate),
    )


HEAD_PATH = "/internal/events/head"


class FeedHead:
    """`GET /internal/events/head`: the feed's last position, `{"max_position": N}`, answered
    before the framework (no routing, middleware or dependency container): a follower asks
    it before each read's catch-up (`FeedFollower.poll`), and most of the time it is all the
    follower needs to know that nothing is new. The same service token as the feed's
    (`events`), checked the same way; anything else goes on to the application."""

    def __init__(self, app: Any, service: str, settings: Settings, store: ServiceEventStore):
        self.app = app
        self.service = service
        self.settings = settings
        self.store = store

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != HEAD_PATH or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        authorization = next(
            (v.decode("latin-1") for k, v in scope["headers"] if k == b"authorization"), None
        )
        try:
            verify_service(
                authorization, me=self.service, keys=self.settings.service_keys, permission=EVENTS
            )
        except DomainError:  # the feed's own route answers the problem, as usual
            await self.app(scope, receive, send)
            return
        head = await run_sync(self.store.recorder.max_notification_id) or 0
        body = b'{"max_position":%d}' % head
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


@get(HEAD_PATH, include_in_schema=False)
async def internal_events_head(request: Request[Any, Any, Any]) -> None:
    """Reached only when `FeedHead` did not answer: the token is refused, with its reason."""
    verify_service(
        request.headers.get("authorization"),
        me=request.app.state.service,
        keys=request.app.state.settings.service_keys,
        permission=EVENTS,
    )
    raise NotFound("the feed's head is answered before routing")  # not reached


def feed_and_audit_router() -> Router:
    return Router(
        path="/",
        route_handlers=[internal_events, internal_events_head, audit_events, audit_state],
    )
