"""Per-client data keys (wrapped by the master key) and the CIN registry, in PostgreSQL."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from sqlalchemy import Engine, select
from sqlalchemy.dialects.postgresql import insert

from mtf.customer.adapters.postgres.tables import cin_registry, client_keys, ice_registry
from mtf.customer.domain.client import client_owner
from mtf.kernel.crypto import MasterKey, Sealer, open_json, seal_json
from mtf.kernel.db import any_of, reads


class SqlPersonalDataVault:
    def __init__(self, engine: Engine, master: MasterKey, cache_size: int = 16384) -> None:
        self.engine = engine
        self._reads = reads(engine)  # built once: a key lookup is one autocommit query
        self.master = master
        self._cache: OrderedDict[UUID, Sealer] = OrderedDict()
        self._cache_size = cache_size

    def ensure_key(self, client_id: UUID) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert(client_keys)
                .values(
                    client_id=client_id,
                    wrapped_key=self.master.new_wrapped_data_key(client_owner(client_id)),
                )
                .on_conflict_do_nothing(index_elements=[client_keys.c.client_id])
            )

    def _sealer(self, client_id: UUID) -> Sealer | None:
        cached = self._cache.get(client_id)
        if cached is not None:
            self._cache.move_to_end(client_id)
            return cached
        with self._reads.connect() as conn:  # one query, no transaction around it
            wrapped = conn.execute(
                select(client_keys.c.wrapped_key).where(client_keys.c.client_id == client_id)
            ).scalar_one_or_none()
        if wrapped is None:
            return None
        sealer = self.master.unwrap(wrapped, client_owner(client_id))
        self._remember(client_id, sealer)
        return sealer

    def preload(self, client_ids: list[UUID]) -> None:
        """The data keys of a page of clients in one query (a search answers up to 500
        clients: one key lookup each would be as many round trips)."""
        missing = list({c for c in client_ids if c not in self._cache})
        if not missing:
            return
        with self._reads.connect() as conn:
            rows = conn.execute(
                select(client_keys.c.client_id, client_keys.c.wrapped_key).where(
                    any_of(client_keys.c.client_id, missing)
                )
            ).all()
        for client_id, wrapped in rows:
            self._remember(client_id, self.master.unwrap(wrapped, client_owner(client_id)))

    def _remember(self, client_id: UUID, sealer: Sealer) -> None:
        self._cache[client_id] = sealer
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

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
