"""Ports of the identity use cases."""

from __future__ import annotations

from typing import Protocol

from mtf.identity.domain.operator import Operator, Role


class OperatorRepository(Protocol):
    def by_username(self, username: str) -> Operator | None:
        """The operator with that (normalised) username, or None."""
        ...

    def role(self, name: str) -> Role | None:
        """A role and its permissions."""
        ...

    def save_role(self, role: Role) -> None:
        """Create or update a role."""
        ...

    def add_operator(self, username: str, password_hash: str, role: str) -> None:
        """Create the operator unless that username exists."""
        ...

    def set_password_hash(self, username: str, password_hash: str) -> None:
        """Replace an operator's password hash (rehash or seeded password change)."""
        ...

    def record_login(self, username: str) -> None:
        """Remember when the operator last signed in."""
        ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str:
        """A salted, slow hash of the password."""
        ...

    def verify(self, password_hash: str, password: str) -> bool:
        """True when the password matches the hash."""
        ...

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash uses outdated parameters."""
        ...
