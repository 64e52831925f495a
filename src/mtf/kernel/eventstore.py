"""The event store of a service: an eventsourcing Application on PostgreSQL, in the
service's own schema, plus the conversion of stored events to plain JSON for feeds and
audit."""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import weakref
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, DomainEventProtocol
from eventsourcing.persistence import JSONTranscoder, StoredEvent, Transcoding
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from mtf.kernel.db import conninfo_parts
from mtf.kernel.published import PublishedLanguage


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def eventstore_env(dsn: str, schema: str, recorder_topic: str | None = None) -> dict[str, str]:
    parts = conninfo_parts(dsn)
    extra = {"APPLICATION_RECORDER_TOPIC": recorder_topic or DEFAULT_RECORDER}
    return {
        **extra,
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": parts["dbname"],
        "POSTGRES_HOST": parts["host"],
        "POSTGRES_PORT": parts["port"],
        "POSTGRES_USER": parts["user"],
        "POSTGRES_PASSWORD": parts.get("password", ""),
        "POSTGRES_SCHEMA": schema,
        "POSTGRES_POOL_SIZE": "1",
        "POSTGRES_MAX_OVERFLOW": "9",
        "POSTGRES_CONNECT_TIMEOUT": "5",
        # no ping before each use (a round trip per statement): the recorder retries a
        # statement that meets a dead connection, and the pool discards that connection
        "POSTGRES_PRE_PING": "n",
        "CREATE_TABLE": "y",
    }


class BinaryInsertRecorder(PostgresApplicationRecorder):
    """The library's recorder, inserting a batch of events as four parallel arrays sent in
    binary rather than one array of a composite type sent as text: psycopg escapes a
    composite's every field in Python, the largest single cost of a bill run's save. Same
    table, same lock, same notification ids returned."""

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self._binary_insert = SQL(
            "INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state) "
            "SELECT * FROM unnest(%b::uuid[], %b::bigint[], %b::text[], %b::bytea[]) "
            "RETURNING notification_id"
        ).format(
            schema=Identifier(self.datastore.schema),
            table=Identifier(self.events_table_name),
        )

    def create_table(self) -> None:
        """The library's `CREATE TABLE IF NOT EXISTS` and `CREATE OR REPLACE FUNCTION`, one
        process at a time: two processes of a service starting together (API workers, the
        worker) would otherwise fail with "tuple concurrently updated"."""
        with self.datastore.get_connection() as conn:
            conn.execute(
                "SELECT pg_advisory_lock(hashtext(%s))", (f"mtf-create-{self.events_table_name}",)
            )
            try:
                super().create_table()
            finally:
                conn.execute(
                    "SELECT pg_advisory_unlock(hashtext(%s))",
                    (f"mtf-create-{self.events_table_name}",),
                )

    def _insert_stored_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        self._lock_table(curs)
        self._notify_channel(curs)
        curs.execute(
            self._binary_insert,
            (
                [e.originator_id for e in stored_events],
                [e.originator_version for e in stored_events],
                [e.topic for e in stored_events],
                [e.state for e in stored_events],
            ),
        )


DEFAULT_RECORDER = "mtf.kernel.eventstore:BinaryInsertRecorder"

_OPEN_STORES: weakref.WeakSet[Application[UUID]] = weakref.WeakSet()


@atexit.register
def _close_open_stores() -> None:
    """Close the pools while the interpreter is whole (their finalizers fail at shutdown)."""
    for store in list(_OPEN_STORES):
        with contextlib.suppress(Exception):
            store.close()
            # the datastore's finalizer would close it again during interpreter teardown,
            # when the modules it uses are already gone
            store.recorder.datastore.close = lambda: None  # type: ignore[attr-defined]


class ServiceEventStore(Application[UUID]):
    """Base for each service's event-sourced application (its event store)."""

    name = "mtf"
    aggregates: ClassVar[dict[str, type[Aggregate]]] = {}
    # "module:Class" of a PostgresApplicationRecorder subclass that writes more in the same
    # transaction as the events (a write-side ledger), or None for the library's own
    recorder_topic: ClassVar[str | None] = None
    # the events this service publishes on its feed (`mtf.<service>.published`); a domain
    # event without a published type never leaves the service
    published: ClassVar[PublishedLanguage | None] = None

    def __init__(self, dsn: str, schema: str) -> None:
        super().__init__(env=eventstore_env(dsn, schema, self.recorder_topic))
        _OPEN_STORES.add(self)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())


def to_jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(dataclasses.asdict(value))
    return value


_ENVELOPE = {"originator_id", "originator_version", "timestamp", "originator_topic"}


def event_type_of(event: DomainEventProtocol[Any]) -> str:
    return type(event).__qualname__.split(".")[-1]


def event_record(event: Any) -> dict[str, Any]:
    """A domain event as the feed and the audit trail show it."""
    state = dict(event.__dict__)
    payload = {k: to_jsonable(v) for k, v in state.items() if k not in _ENVELOPE}
    return {
        "aggregate_id": str(event.originator_id),
        "version": event.originator_version,
        "event_type": event_type_of(event),
        "timestamp": event.timestamp.isoformat(),
        "actor": payload.get("actor", "system"),
        "payload": payload,
    }
