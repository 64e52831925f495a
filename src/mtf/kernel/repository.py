"""The one event-sourced repository every service's store builds on: aggregates by id and
type (NotFound or None when absent or of another type), existence, and saving with
concurrent changes answered as a 409 problem."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, project_aggregate
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError as EventIntegrityError
from eventsourcing.persistence import StoredEvent
from psycopg.sql import SQL, Identifier
from sqlalchemy.exc import IntegrityError

from mtf.kernel.errors import Conflict, NotFound
from mtf.kernel.eventstore import ServiceEventStore

A = TypeVar("A", bound=Aggregate)

CONCURRENT_CHANGE = "changed at the same time by another process; retry"


class EventSourcedRepository:
    def __init__(self, events: ServiceEventStore) -> None:
        self.events = events

    def find(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        """The aggregate, or None when there is none of this type with this id."""
        try:
            found: Aggregate = self.events.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, kind) else None

    def find_many(self, aggregate_ids: Iterable[UUID], kind: type[A]) -> dict[UUID, A]:
        """The aggregates of these ids that exist and are of this type, read in one query
        per 1,000 ids (a run that touches thousands of aggregates, not one round trip
        each). Snapshots are not used by any service, so the events are the whole story."""
        ids = list(dict.fromkeys(aggregate_ids))
        found: dict[UUID, A] = {}
        recorder: Any = self.events.recorder
        statement = SQL(
            "SELECT originator_id, originator_version, topic, state FROM {schema}.{table} "
            "WHERE originator_id = ANY(%s) ORDER BY originator_id, originator_version"
        ).format(
            schema=Identifier(recorder.datastore.schema),
            table=Identifier(recorder.events_table_name),
        )
        to_event = self.events.mapper.to_domain_event
        for start in range(0, len(ids), 1000):
            with recorder.datastore.get_connection() as conn, conn.cursor() as curs:
                curs.execute(statement, (ids[start : start + 1000],))
                rows = curs.fetchall()
            for originator_id, events in groupby(rows, key=lambda r: r["originator_id"]):
                aggregate = project_aggregate(
                    None,
                    (
                        to_event(
                            StoredEvent(
                                originator_id=r["originator_id"],
                                originator_version=r["originator_version"],
                                topic=r["topic"],
                                state=bytes(r["state"]),
                            )
                        )
                        for r in events
                    ),
                )
                if isinstance(aggregate, kind):
                    found[originator_id] = aggregate
        return found

    def get(self, aggregate_id: UUID, kind: type[A], label: str) -> A:
        """The aggregate, or a 404 naming it (`no invoice with id ...`)."""
        found = self.find(aggregate_id, kind)
        if found is None:
            raise NotFound(f"no {label} with id {aggregate_id}")
        return found

    def exists(self, aggregate_id: UUID) -> bool:
        return bool(self.events.recorder.select_events(aggregate_id, limit=1))

    def save(
        self, *aggregates: Aggregate, conflict: str = CONCURRENT_CHANGE, **kwargs: Any
    ) -> None:
        """Append the aggregates' new events in one transaction (`kwargs` go to the
        recorder: a ledger moved with them); a concurrent change is a 409 with `conflict`."""
        try:
            self.events.save(*aggregates, **kwargs)
        except (IntegrityError, EventIntegrityError) as exc:
            # another request appended this aggregate's next version first
            raise Conflict(conflict) from exc
