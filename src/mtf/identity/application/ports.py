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

    def add_operator(self, username: str, password_hash: str, role: str, actor: str) -> None:
        """Create the operator unless that username exists (audited with its actor)."""
        ...

    def set_password_hash(self, username: str, password_hash: str, actor: str) -> None:
        """Replace an operator's password hash (rehash or seeded password change; audited)."""
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


class SignInThrottle(Protocol):
    def wait(self, address: str, username: str) -> int:
        """0 when this sign-in attempt may go on, else seconds to wait."""
        ...

    def failed(self, address: str, username: str) -> None:
        """Count a failed attempt against the address and the username."""
        ...

    def succeeded(self, username: str) -> None:
        """A correct password: the username's failed attempts are forgotten."""
        ...
