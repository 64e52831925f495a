"""Identity use cases: sign in, seed the first operator."""

from __future__ import annotations

from dataclasses import dataclass

from mtf.identity.application.ports import OperatorRepository, PasswordHasher
from mtf.identity.domain.operator import ADMINISTRATOR, administrator_role, normalise_username
from mtf.kernel.auth import issue_access_token
from mtf.kernel.errors import Unauthorized, invalid


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int
    username: str
    permissions: tuple[str, ...]


class IdentityService:
    def __init__(
        self, operators: OperatorRepository, hasher: PasswordHasher, jwt_secret: str, ttl: int
    ) -> None:
        self.operators = operators
        self.hasher = hasher
        self.jwt_secret = jwt_secret
        self.ttl = ttl

    def issue_token(self, username: str, password: str) -> IssuedToken:
        """Check the credentials and issue a short-lived access token."""
        if not username.strip():
            raise invalid("username", "is required")
        if not password:
            raise invalid("password", "is required")
        operator = self.operators.by_username(normalise_username(username))
        # the same refusal whether the user is unknown or the password wrong
        if operator is None or not self.hasher.verify(operator.password_hash, password):
            raise Unauthorized("unknown username or wrong password")
        if not operator.active:
            raise Unauthorized("this operator account is disabled")
        role = self.operators.role(operator.role)
        permissions = role.permissions if role else ()
        if self.hasher.needs_rehash(operator.password_hash):
            self.operators.set_password_hash(operator.username, self.hasher.hash(password))
        self.operators.record_login(operator.username)
        token = issue_access_token(
            self.jwt_secret,
            subject=str(operator.id),
            username=operator.username,
            permissions=list(permissions),
            ttl_seconds=self.ttl,
        )
        return IssuedToken(token, self.ttl, operator.username, tuple(permissions))

    def seed_administrator(self, password: str) -> bool:
        """Make sure the `admin` operator exists with every permission and that password.
        Returns True when the operator was created."""
        if not password:
            raise ValueError("MTF_ADMIN_PASSWORD is required to seed the admin operator")
        self.operators.save_role(administrator_role())
        existing = self.operators.by_username("admin")
        if existing is None:
            self.operators.add_operator("admin", self.hasher.hash(password), ADMINISTRATOR)
            return True
        if not self.hasher.verify(existing.password_hash, password):
            self.operators.set_password_hash("admin", self.hasher.hash(password))
        return False
