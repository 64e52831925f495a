"""Per-client data keys (wrapped by the master key) and the CIN registry, in PostgreSQL.

Each data key row names the master key that wrapped it (`master_key_id`); `rewrap_all` is
`mtf keys rotate pii`: it re-wraps, in batches, every data key not yet under the current
master key (docs/operations/key-rotation.md)."""

from __future__ import annotations

import contextlib
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from sqlalchemy import Connection, Engine, Table, bindparam, func, select
from sqlalchemy.dialects.postgresql import insert

from mtf.customer.adapters.postgres.tables import cin_registry, client_keys, ice_registry
from mtf.customer.domain.client import client_owner
from mtf.kernel.crypto import MasterKey, Sealer, UnknownMasterKey, open_json, seal_json
from mtf.kernel.db import any_of, reads
from mtf.kernel.sql import insert_many


@dataclass
class Rewrapped:
    """What one `rewrap_all` did (and what is left)."""

    current_key: str
    total: int = 0  # data keys at the start (an erased client has none)
    already: int = 0  # under the current master key at the start
    rewrapped: int = 0
    batches: int = 0
    # clients whose data key no master key held opens (nothing changed for them)
    failed: list[str] = field(default_factory=list)
    # after the run: data keys per master key id ("unrecorded": stored before ids were kept)
    by_key: dict[str, int] = field(default_factory=dict)

    @property
    def remaining(self) -> int:
        return sum(n for k, n in self.by_key.items() if k != self.current_key)

    def as_dict(self) -> dict[str, Any]:
        return {
            "current_key": self.current_key,
            "total": self.total,
            "already_current": self.already,
            "rewrapped": self.rewrapped,
            "batches": self.batches,
            "failed": len(self.failed),
            "failed_clients": self.failed[:20],
            "remaining": self.remaining,
            "by_key": self.by_key,
        }


# how long a process keeps an unwrapped data key: the process that applies an erasure forgets
# the key at once; every other process (API workers, the worker) within this bound, so a
# destroyed key lives nowhere longer
KEY_CACHE_SECONDS = 300.0


class SqlPersonalDataVault:
    def __init__(
        self,
        engine: Engine,
        master: MasterKey,
        cache_size: int = 16384,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self._now = monotonic
        self._reads = reads(engine)  # built once: a key lookup is one autocommit query
        self.master = master
        self._cache: OrderedDict[UUID, tuple[Sealer, float]] = OrderedDict()
        self._cache_size = cache_size

    def ensure_key(self, client_id: UUID) -> None:
        """A data key for the client; one created now is kept in the cache (sealing the
        client's data right after reads nothing back)."""
        wrapped = self.master.new_wrapped_data_key(client_owner(client_id))
        with self.engine.begin() as conn:
            created = conn.execute(
                insert(client_keys)
                .values(client_id=client_id, wrapped_key=wrapped, master_key_id=self.master.key_id)
                .on_conflict_do_nothing(index_elements=[client_keys.c.client_id])
                .returning(client_keys.c.client_id)
            ).first()
        if created is not None:
            self._remember(
                client_id, self.master.unwrap(wrapped, client_owner(client_id), self.master.key_id)
            )

    def ensure_keys(self, client_ids: list[UUID]) -> None:
        """Data keys for a batch of clients (an import) in one statement; those created
        now are kept in the cache, so sealing the batch reads nothing back."""
        if not client_ids:
            return
        wrapped = {cid: self.master.new_wrapped_data_key(client_owner(cid)) for cid in client_ids}
        with self.engine.begin() as conn:
            created = set(
                insert_many(
                    conn,
                    "client_keys",
                    {"client_id": "uuid", "wrapped_key": "text", "master_key_id": "text"},
                    [
                        {"client_id": cid, "wrapped_key": key, "master_key_id": self.master.key_id}
                        for cid, key in wrapped.items()
                    ],
                    conflict="(client_id)",
                    returning="client_id",
                )
            )
        for cid in created:
            self._remember(
                cid, self.master.unwrap(wrapped[cid], client_owner(cid), self.master.key_id)
            )

    def _remember(self, client_id: UUID, sealer: Sealer) -> None:
        self._cache[client_id] = (sealer, self._now() + KEY_CACHE_SECONDS)
        self._cache.move_to_end(client_id)
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def _cached(self, client_id: UUID) -> Sealer | None:
        found = self._cache.get(client_id)
        if found is None:
            return None
        if found[1] < self._now():
            self._cache.pop(client_id, None)
            return None
        with contextlib.suppress(KeyError):  # another thread evicted it meanwhile
            self._cache.move_to_end(client_id)
        return found[0]

    def _sealer(self, client_id: UUID) -> Sealer | None:
        cached = self._cached(client_id)
        if cached is not None:
            return cached
        with self._reads.connect() as conn:  # one query, no transaction around it
            row = conn.execute(
                select(client_keys.c.wrapped_key, client_keys.c.master_key_id).where(
                    client_keys.c.client_id == client_id
                )
            ).first()
        if row is None:
            return None
        # a row re-wrapped meanwhile holds the same data key: a cached sealer stays right
        sealer = self.master.unwrap(row.wrapped_key, client_owner(client_id), row.master_key_id)
        self._remember(client_id, sealer)
        return sealer

    def preload(self, client_ids: list[UUID]) -> None:
        """The data keys of a page of clients in one query (a search answers up to 500
        clients: one key lookup each would be as many round trips)."""
        missing = list({c for c in client_ids if self._cached(c) is None})
        if not missing:
            return
        with self._reads.connect() as conn:
            rows = conn.execute(
                select(
                    client_keys.c.client_id, client_keys.c.wrapped_key, client_keys.c.master_key_id
                ).where(any_of(client_keys.c.client_id, missing))
            ).all()
        for client_id, wrapped, master_key_id in rows:
            self._remember(
                client_id, self.master.unwrap(wrapped, client_owner(client_id), master_key_id)
            )

    def forget(self, client_id: UUID) -> None:
        self._cache.pop(client_id, None)

    def seal(self, client_id: UUID, data: dict[str, Any]) -> str:
        sealer = self._sealer(client_id)
        if sealer is None:
            raise RuntimeError("the client has no data key")
        return seal_json(sealer, data, client_owner(client_id))

    def open(self, client_id: UUID, sealed: str) -> dict[str, Any] | None:
        if not sealed:
            return None
        sealer = self._sealer(client_id)
        if sealer is None:
            return None
        try:
            return open_json(sealer, sealed, client_owner(client_id))
        except InvalidTag:
            return None

    # --- rotation of the master key ------------------------------------------------------

    def key_census(self) -> dict[str, int]:
        """Data keys per master key id ("unrecorded": stored before the ids were kept)."""
        with self._reads.connect() as conn:
            rows = conn.execute(
                select(client_keys.c.master_key_id, func.count()).group_by(
                    client_keys.c.master_key_id
                )
            ).all()
        return {(k or "unrecorded"): int(n) for k, n in rows}

    def rewrap_all(
        self,
        batch_size: int = 500,
        max_batches: int | None = None,
        progress: Callable[[Rewrapped], None] = lambda _: None,
    ) -> Rewrapped:
        """Re-wrap every data key not under the current master key, `batch_size` rows per
        transaction, in client id order. Resumable and idempotent: what is done is recorded in
        each row (`master_key_id`), so a run stopped anywhere (or `max_batches`) leaves every
        key readable and the next run goes on with what is left. Rows are locked while they
        are re-wrapped (`FOR UPDATE SKIP LOCKED`: two runs share the work); an erasure that
        deletes a row meanwhile wins, and an erased client (no row) is never touched. A key
        that no held master key opens is reported in `failed` and left as it is."""
        census = self.key_census()
        report = Rewrapped(
            current_key=self.master.key_id,
            total=sum(census.values()),
            already=census.get(self.master.key_id, 0),
        )
        after: UUID | None = None
        while max_batches is None or report.batches < max_batches:
            with self.engine.begin() as conn:
                query = (
                    select(
                        client_keys.c.client_id,
                        client_keys.c.wrapped_key,
                        client_keys.c.master_key_id,
                    )
                    .where(client_keys.c.master_key_id.is_distinct_from(self.master.key_id))
                    .order_by(client_keys.c.client_id)
                    .limit(batch_size)
                    .with_for_update(skip_locked=True)
                )
                if after is not None:
                    query = query.where(client_keys.c.client_id > after)
                rows = conn.execute(query).all()
                if not rows:
                    break
                changes = []
                for row in rows:
                    owner = client_owner(row.client_id)
                    try:
                        wrapped = self.master.rewrap(row.wrapped_key, owner, row.master_key_id)
                    except (InvalidTag, UnknownMasterKey):
                        report.failed.append(str(row.client_id))
                        continue
                    changes.append({"cid": row.client_id, "wrapped": wrapped})
                if changes:
                    conn.execute(
                        client_keys.update()
                        .where(client_keys.c.client_id == bindparam("cid"))
                        .values(wrapped_key=bindparam("wrapped"), master_key_id=self.master.key_id),
                        changes,
                    )
                after = rows[-1].client_id
            report.rewrapped += len(changes)
            report.batches += 1
            progress(report)
        report.by_key = self.key_census()
        return report


class SqlCinRegistry:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def reserve(self, cin_hash: str, client_id: UUID) -> UUID:
        with self.engine.begin() as conn:
            conn.execute(
                insert(cin_registry)
                .values(cin_hash=cin_hash, client_id=client_id)
                .on_conflict_do_nothing(index_elements=[cin_registry.c.cin_hash])
            )
            holder: UUID = conn.execute(
                select(cin_registry.c.client_id).where(cin_registry.c.cin_hash == cin_hash)
            ).scalar_one()
        return holder

    def reassign(self, cin_hash: str, client_id: UUID) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                cin_registry.update()
                .where(cin_registry.c.cin_hash == cin_hash)
                .values(client_id=client_id)
            )

    def reserve_many(self, wanted: dict[str, UUID]) -> dict[str, UUID]:
        return _reserve_many(self.engine, cin_registry, "cin_hash", wanted)

    def holders(self, keys: list[str]) -> dict[str, UUID]:
        return _holders(self.engine, cin_registry, "cin_hash", keys)

    def holder(self, cin_hash: str) -> UUID | None:
        with self.engine.connect() as conn:
            found: UUID | None = conn.execute(
                select(cin_registry.c.client_id).where(cin_registry.c.cin_hash == cin_hash)
            ).scalar_one_or_none()
        return found


class SqlIceRegistry:
    """Each business's ICE, unique by the table's primary key."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def reserve(self, ice: str, client_id: UUID) -> UUID:
        with self.engine.begin() as conn:
            conn.execute(
                insert(ice_registry)
                .values(ice=ice, client_id=client_id)
                .on_conflict_do_nothing(index_elements=[ice_registry.c.ice])
            )
            holder: UUID = conn.execute(
                select(ice_registry.c.client_id).where(ice_registry.c.ice == ice)
            ).scalar_one()
        return holder

    def reassign(self, ice: str, client_id: UUID) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                ice_registry.update().where(ice_registry.c.ice == ice).values(client_id=client_id)
            )

    def reserve_many(self, wanted: dict[str, UUID]) -> dict[str, UUID]:
        return _reserve_many(self.engine, ice_registry, "ice", wanted)

    def holders(self, keys: list[str]) -> dict[str, UUID]:
        return _holders(self.engine, ice_registry, "ice", keys)


def _reserve_many(
    engine: Engine, table: Table, key: str, wanted: dict[str, UUID]
) -> dict[str, UUID]:
    """Reserve each unique key for its client in one statement; the holder of each key
    (the client it was reserved for, or the one already holding it)."""
    if not wanted:
        return {}
    with engine.begin() as conn:
        insert_many(  # binary COPY: no per-row parameters compiled
            conn,
            table.name,
            {key: "text", "client_id": "uuid"},
            [{key: k, "client_id": cid} for k, cid in wanted.items()],
            conflict=f"({key})",
        )
        return _holders_in(conn, table, key, list(wanted))


def _holders(engine: Engine, table: Table, key: str, keys: list[str]) -> dict[str, UUID]:
    if not keys:
        return {}
    with engine.connect() as conn:
        return _holders_in(conn, table, key, keys)


def _holders_in(conn: Connection, table: Table, key: str, keys: list[str]) -> dict[str, UUID]:
    rows = conn.execute(select(table.c[key], table.c.client_id).where(any_of(table.c[key], keys)))
    return {row[0]: row[1] for row in rows}
