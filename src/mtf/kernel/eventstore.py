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

import msgspec
from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.domain import Aggregate, DomainEventProtocol
from eventsourcing.persistence import JSONTranscoder, StoredEvent, Transcoding
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from mtf.kernel.db import conninfo_parts
from mtf.kernel.published import PublishedLanguage
from mtf.kernel.sql import ByteaArray, Int8Array, TextArray, UuidArray


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class _Unusual(Exception):
    """A value the fast path does not handle exactly as the standard library would."""


_NATIVE = (str, int, bool, type(None))
_INF = float("inf")


class FastJSONTranscoder(JSONTranscoder):
    """The library's JSON transcoder, the same stored format (UTF-8 JSON, compact, every
    registered type as `{"_type_": name, "_data_": ...}`), encoded and decoded with msgspec
    instead of the `json` module, whose per-object hook calls were a large share of a bill
    run's and a projection's CPU. Events stored by earlier releases read as before, and an
    earlier release reads what this one stores (same wrappers, same keys in the same order).
    Anything the fast path does not handle exactly as `json` would (a float that is not
    finite, a dict key that is not a str, a subclass of a built-in type, a type with no
    transcoding) goes through the library's own code, so it behaves, and fails, as before."""

    def __init__(self) -> None:
        super().__init__()
        self._encoder = msgspec.json.Encoder()
        self._decoder = msgspec.json.Decoder()

    def encode(self, obj: Any) -> bytes:
        try:
            return self._encoder.encode(self._plain(obj))
        except (_Unusual, msgspec.EncodeError, OverflowError, TypeError, ValueError):
            return super().encode(obj)

    def decode(self, data: bytes) -> Any:
        try:
            value = self._decoder.decode(data)
        except msgspec.DecodeError:
            return super().decode(data)  # NaN, Infinity, whatever json alone accepts
        return self._typed(value)

    def _plain(self, o: Any) -> Any:
        """`o` with every registered type replaced by its `_type_`/`_data_` wrapper (a new
        container only where something was replaced)."""
        t = type(o)
        if t is dict:
            out = None
            for k, v in o.items():
                tv = type(v)
                if tv is str or tv is int or v is None or tv is bool:
                    continue
                if tv is float and v - v == 0.0:  # finite
                    continue
                if out is None:
                    if any(type(key) is not str for key in o):
                        raise _Unusual
                    out = dict(o)
                out[k] = self._plain(v)
            if out is None:
                if any(type(key) is not str for key in o):
                    raise _Unusual
                return o
            return out
        if t is list or t is tuple:
            return [self._plain(v) for v in o]
        if t is str or t is int or o is None or t is bool:
            return o
        if t is float:
            if o - o != 0.0:  # NaN, infinities: json writes them, msgspec does not
                raise _Unusual
            return o
        transcoding = self.types.get(t)
        if transcoding is None:
            raise _Unusual
        return {"_type_": transcoding.name, "_data_": self._plain(transcoding.encode(o))}

    def _typed(self, o: Any) -> Any:
        """Decoded JSON with each wrapper turned back into its type (innermost first, as
        the library's object hook does)."""
        if type(o) is dict:
            for k, v in o.items():
                tv = type(v)
                if tv is dict or tv is list:
                    o[k] = self._typed(v)
            if len(o) == 2 and "_type_" in o and "_data_" in o:
                transcoding = self.names.get(o["_type_"])
                if transcoding is None:
                    return self._decode_obj(o)  # the library's error
                return transcoding.decode(o["_data_"])
            return o
        if type(o) is list:
            for i, v in enumerate(o):
                tv = type(v)
                if tv is dict or tv is list:
                    o[i] = self._typed(v)
        return o


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
    composite's every field in Python, the largest single cost of a bill run's save (the
    arrays are encoded in one pass each: `kernel.sql.BinaryArray`). Same table, same lock,
    same notification ids returned."""

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
                UuidArray(e.originator_id for e in stored_events),
                Int8Array(e.originator_version for e in stored_events),
                TextArray(e.topic for e in stored_events),
                ByteaArray(e.state for e in stored_events),
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

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """The library's save, without its `isinstance` checks against runtime protocols
        (several microseconds each, twice per aggregate: a tenth of a bill run's CPU) when
        every object is an `Aggregate`; anything else goes through the library's own."""
        if not all(isinstance(obj, Aggregate) for obj in objs):
            return super().save(*objs, **kwargs)
        processing: ProcessingEvent[UUID] = ProcessingEvent()
        for obj in objs:
            processing.events.extend(obj.collect_events())
            processing.aggregates[obj.id] = obj
        processing.saved_kwargs.update(kwargs)
        recordings = self._record(processing)
        self._take_snapshots(processing)
        self._notify(recordings)
        self.notify(processing.events)  # the library's deprecated hook, as it calls it
        return recordings

    def construct_transcoder(self) -> FastJSONTranscoder:
        transcoder = FastJSONTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

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
