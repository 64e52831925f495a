"""Identifiers: random UUIDs for new things, name-based UUIDs where uniqueness must come
from the database (the same business key always gives the same aggregate id)."""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("6f1d3b2a-8c4e-5b7f-9a0d-2e4c6b8a1f3d")


def new_id() -> uuid.UUID:
    return uuid.uuid4()


def stable_id(kind: str, *parts: object) -> uuid.UUID:
    """Deterministic id for a business key, e.g. stable_id("offer", "MOB-20G")."""
    return uuid.uuid5(NAMESPACE, "/".join([kind, *(str(p) for p in parts)]))
