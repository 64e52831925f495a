"""A service's published language: the events it tells the world about, as versioned types.

An aggregate's domain events are its own business: their attributes may be renamed, split
or dropped as the model grows. What other services and partners receive is declared apart,
one module per service (`mtf.<service>.published`): each published event type
(`contract.activated`, version 1) is a msgspec struct, mapped explicitly from the domain
event where the feed is written (`/internal/events`), decoded into the same struct by the
followers (billing, collections, customer, the webhooks), described by the same struct in
the AsyncAPI document and in `docs/contract/events/`. A domain event without a published
type never leaves its service.

A change to an aggregate that would change a published payload fails the mapping (a field
the struct needs is gone) or the contract test that compares the payloads' JSON Schemas
with the released ones (tests/contract); a change to a published type itself is a new
version (`contract.activated` v2), published beside v1 for as long as v1 lives
(docs/api-conventions.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

import msgspec

P = TypeVar("P", bound=msgspec.Struct)


class Payload(msgspec.Struct, kw_only=True):
    """Base of every published payload: amounts are decimal strings ("99.00"), dates ISO
    dates, identifiers UUID strings (msgspec's encodings of Decimal, date and UUID). Unknown fields are ignored when decoding, so a field
    added later (a compatible change) never breaks an older follower."""


@dataclass(frozen=True)
class EventType(Generic[P]):
    """One published event type, at one version."""

    name: str  # "<resource>.<fact>", e.g. "contract.activated"
    version: int
    aggregate: str  # the aggregate type that publishes it ("contract")
    domain_event: str  # the domain event class it is mapped from ("Activated")
    payload: type[P]
    build: Callable[[Any], P]  # from the domain event (its attributes, its originator_id)
    summary: str
    webhook: bool = True  # offered to partners as a webhook event type

    @property
    def schema_id(self) -> str:
        """What CloudEvents call `dataschema`: names the type and its version."""
        return f"urn:mtf:event:{self.name}:v{self.version}"

    @property
    def schema_name(self) -> str:
        """The payload's name in the AsyncAPI components and docs/contract/events."""
        return self.payload.__name__


@dataclass
class PublishedLanguage:
    service: str
    types: list[EventType[Any]]
    # the domain events deliberately kept inside the service: (aggregate, event) -> why.
    # Every domain event is either published or listed here (tests/contract checks it), so
    # a new domain event is a decision, never a leak.
    internal: dict[tuple[str, str], str] = field(default_factory=dict)
    _by_domain: dict[tuple[str, str], EventType[Any]] = field(init=False, repr=False)
    _by_name: dict[tuple[str, int], EventType[Any]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_domain = {(t.aggregate, t.domain_event): t for t in self.types}
        self._by_name = {(t.name, t.version): t for t in self.types}
        if len(self._by_domain) != len(self.types) or len(self._by_name) != len(self.types):
            raise ValueError(f"{self.service}: a published event type is declared twice")

    def publish(self, aggregate: str, event: Any) -> tuple[EventType[Any], dict[str, Any]] | None:
        """The published type and payload (plain JSON) of a domain event, or None when the
        event is not published."""
        kind = self._by_domain.get((aggregate, type(event).__qualname__.split(".")[-1]))
        if kind is None:
            return None
        payload = kind.build(event)
        if not isinstance(payload, kind.payload):
            raise TypeError(f"{kind.name} v{kind.version} built a {type(payload).__name__}")
        return kind, msgspec.to_builtins(payload)

    def kind(self, name: str, version: int = 1) -> EventType[Any]:
        return self._by_name[(name, version)]

    def decode(self, feed_event: dict[str, Any]) -> Any | None:
        """A feed event as its published struct (None for a type this language does not
        know: an event type added later, ignored by an older follower)."""
        kind = self._by_name.get(
            (feed_event.get("event_type", ""), int(feed_event.get("schema_version", 1)))
        )
        if kind is None:
            return None
        return msgspec.convert(feed_event["payload"], kind.payload, strict=False)

    def webhook_types(self) -> list[EventType[Any]]:
        return [t for t in self.types if t.webhook]


def json_schemas(types: Iterable[EventType[Any]]) -> dict[str, Any]:
    """JSON Schemas of these payloads and what they use, by name (`schema_name`)."""
    _, components = msgspec.json.schema_components(
        [k.payload for k in types], ref_template="#/components/schemas/{name}"
    )
    return components


def as_uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value))
