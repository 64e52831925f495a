"""Operators and roles: who may sign in to the console and what they may change."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from mtf.kernel.auth import ALL_PERMISSIONS

ADMINISTRATOR = "administrator"


@dataclass(frozen=True)
class Role:
    name: str
    description: str
    permissions: tuple[str, ...]


@dataclass(frozen=True)
class Operator:
    id: UUID
    username: str
    password_hash: str
    role: str
    active: bool


def administrator_role() -> Role:
    """The one profile that exists for now: every permission (RBAC checks stay on writes)."""
    return Role(ADMINISTRATOR, "Every permission", ALL_PERMISSIONS)


def normalise_username(username: str) -> str:
    return username.strip().lower()
