"""Sign-in as an attacker times it: an unknown username runs the same hash as a wrong
password (counted on a spy, never timed), and the hashing cap refuses instead of queueing."""

from __future__ import annotations

import uuid

import pytest

from mtf.identity.adapters.passwords import Argon2PasswordHasher, HashingBusy
from mtf.identity.application.use_cases import IdentityService, TooManySignIns
from mtf.identity.domain.operator import Operator, Role
from mtf.kernel.errors import Unauthorized


class SpyHasher:
    """The real argon2 hasher, counting what it is asked to do."""

    def __init__(self) -> None:
        self.real = Argon2PasswordHasher()
        self.verified: list[str] = []

    def hash(self, password: str) -> str:
        return self.real.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        self.verified.append(password_hash)
        return self.real.verify(password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        return False


class Operators:
    def __init__(self, hasher: SpyHasher) -> None:
        self.known = {
            "alice": Operator(uuid.uuid4(), "alice", hasher.hash("right-password"), "ops", True)
        }

    def by_username(self, username: str) -> Operator | None:
        return self.known.get(username)

    def role(self, name: str) -> Role | None:
        return Role("ops", "", ("offers:read",))

    def save_role(self, role: Role) -> None: ...
    def add_operator(self, username: str, password_hash: str, role: str, actor: str) -> None: ...
    def set_password_hash(self, username: str, password_hash: str, actor: str) -> None: ...
    def record_login(self, username: str) -> None: ...


class CountingThrottle:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.failures: dict[str, int] = {}

    def wait(self, address: str, username: str) -> int:
        return 60 if self.failures.get(username, 0) >= self.limit else 0

    def failed(self, address: str, username: str) -> None:
        self.failures[username] = self.failures.get(username, 0) + 1

    def succeeded(self, username: str) -> None:
        self.failures.pop(username, None)


def service(limit: int = 100) -> tuple[IdentityService, SpyHasher]:
    hasher = SpyHasher()
    identity = IdentityService(
        Operators(hasher), hasher, "unit-jwt-secret-" + "x" * 32, 600, CountingThrottle(limit)
    )
    return identity, hasher


def test_an_unknown_username_runs_the_hash_like_a_wrong_password() -> None:
    identity, hasher = service()
    with pytest.raises(Unauthorized) as unknown:
        identity.issue_token("ghost", "whatever", "198.51.100.1")
    assert len(hasher.verified) == 1  # a dummy hash was verified for the unknown username
    assert hasher.verified[0].startswith("$argon2id$")
    with pytest.raises(Unauthorized) as wrong:
        identity.issue_token("alice", "wrong-password", "198.51.100.1")
    assert len(hasher.verified) == 2
    assert unknown.value.detail == wrong.value.detail
    # the dummy hash has the real parameters (same cost), and never matches
    real = identity.operators.by_username("alice")
    assert real is not None
    assert hasher.verified[0].split("$")[:4] == real.password_hash.split("$")[:4]
    assert identity.issue_token("alice", "right-password").username == "alice"


def test_once_limited_no_hash_runs() -> None:
    identity, hasher = service(limit=2)
    for _ in range(2):
        with pytest.raises(Unauthorized):
            identity.issue_token("ghost", "guess")
    before = len(hasher.verified)
    with pytest.raises(TooManySignIns) as limited:
        identity.issue_token("ghost", "guess")
    assert limited.value.extra["retry_after"] > 0
    assert len(hasher.verified) == before


def test_beyond_the_cap_a_hash_is_refused_not_queued() -> None:
    hasher = Argon2PasswordHasher(max_concurrent=2, wait_seconds=0)
    stored = hasher.hash("pw")
    assert hasher.slots.acquire(blocking=False) and hasher.slots.acquire(blocking=False)
    try:
        with pytest.raises(HashingBusy) as busy:
            hasher.verify(stored, "pw")
        assert busy.value.status == 429 and busy.value.extra["retry_after"] >= 1
    finally:
        hasher.slots.release()
        hasher.slots.release()
    assert hasher.verify(stored, "pw")  # the slots are back
