"""Identity use cases: sign in, seed the first operator."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from mtf.identity.application.ports import OperatorRepository, PasswordHasher, SignInThrottle
from mtf.identity.domain.operator import ADMINISTRATOR, administrator_role, normalise_username
from mtf.kernel.auth import issue_access_token
from mtf.kernel.errors import DomainError, Unauthorized, invalid

MAX_USERNAME = 64
MAX_PASSWORD = 1024
SEED_ACTOR = "system:seed"


class TooManySignIns(DomainError):
    status = 429
    title = "Too many requests"
    type_slug = "too-many-requests"


class NoThrottle:
    """For callers that never face the network (the seed command)."""

    def wait(self, address: str, username: str) -> int:
        return 0

    def failed(self, address: str, username: str) -> None:
        return None

    def succeeded(self, username: str) -> None:
        return None


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int
    username: str
    permissions: tuple[str, ...]


class IdentityService:
    def __init__(
        self,
        operators: OperatorRepository,
        hasher: PasswordHasher,
        jwt_secret: str,
        ttl: int,
        throttle: SignInThrottle | None = None,
    ) -> None:
        self.operators = operators
        self.hasher = hasher
        self.jwt_secret = jwt_secret
        self.ttl = ttl
        self.throttle: SignInThrottle = throttle or NoThrottle()
        self._dummy_hash: str | None = None

    def dummy_hash(self) -> str:
        """A hash of a random password with the real parameters, verified for unknown
        usernames so they cost (and take) what a wrong password does."""
        if self._dummy_hash is None:
            self._dummy_hash = self.hasher.hash(secrets.token_urlsafe(24))
        return self._dummy_hash

    def issue_token(self, username: str, password: str, address: str = "unknown") -> IssuedToken:
        """Check the credentials and issue a short-lived access token. Attempts are
        throttled: after too many failures per client address or per username, 429 with
        Retry-After before any hash runs."""
        if not username.strip():
            raise invalid("username", "is required")
        if len(username) > MAX_USERNAME:
            raise invalid("username", f"must be at most {MAX_USERNAME} characters")
        if any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in username):
            raise invalid("username", "must not contain control characters")
        if not password:
            raise invalid("password", "is required")
        if len(password) > MAX_PASSWORD:
            raise invalid("password", f"must be at most {MAX_PASSWORD} characters")
        if any(0xD800 <= ord(c) <= 0xDFFF for c in password):
            raise invalid("password", "must be valid Unicode text")
        name = normalise_username(username)
        wait = self.throttle.wait(address, name)
        if wait:
            raise TooManySignIns(
                f"too many sign-in attempts; try again in {wait} seconds",
                extra={"retry_after": wait},
            )
        dummy = self.dummy_hash()
        operator = self.operators.by_username(name)
        # the same refusal, after the same work, whether the user is unknown or the password wrong
        matches = self.hasher.verify(operator.password_hash if operator else dummy, password)
        if operator is None or not matches:
            self.throttle.failed(address, name)
            raise Unauthorized("unknown username or wrong password")
        self.throttle.succeeded(name)
        if not operator.active:
            raise Unauthorized("this operator account is disabled")
        role = self.operators.role(operator.role)
        permissions = role.permissions if role else ()
        if self.hasher.needs_rehash(operator.password_hash):
            self.operators.set_password_hash(
                operator.username, self.hasher.hash(password), f"operator:{operator.username}"
            )
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
            self.operators.add_operator(
                "admin", self.hasher.hash(password), ADMINISTRATOR, SEED_ACTOR
            )
            return True
        if not self.hasher.verify(existing.password_hash, password):
            self.operators.set_password_hash("admin", self.hasher.hash(password), SEED_ACTOR)
        return False
