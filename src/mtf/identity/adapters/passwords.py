"""argon2id password hashing (argon2-cffi), with a cap on how many hashes run at once.

Each argon2 hash takes 64 MiB and a core for tens of milliseconds: without a cap, a burst
of sign-ins is a cheap denial of service. Beyond `max_concurrent` hashes a caller waits at
most `wait_seconds` for a slot, then gets `HashingBusy` (429 with Retry-After) instead of
queueing without bound. 429 rather than 503: a burst of sign-ins is the callers' doing,
and no request from outside may make the service answer 5xx."""

from __future__ import annotations

import threading
import time

from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError

from mtf.kernel.errors import DomainError

MAX_CONCURRENT_HASHES = 4
SLOT_WAIT_SECONDS = 0.5


class HashingBusy(DomainError):
    status = 429
    title = "Too many requests"
    type_slug = "too-many-requests"

    def __init__(self) -> None:
        super().__init__(
            "too many sign-ins at once; try again in a moment", extra={"retry_after": 1}
        )


class Argon2PasswordHasher:
    def __init__(
        self,
        max_concurrent: int = MAX_CONCURRENT_HASHES,
        wait_seconds: float = SLOT_WAIT_SECONDS,
    ) -> None:
        self._argon2 = Argon2()
        self.slots = threading.BoundedSemaphore(max_concurrent)
        self.wait_seconds = wait_seconds

    def _acquire(self) -> None:
        # polled in short sleeps rather than one timed acquire: a timed wait on a semaphore
        # waits on an absolute deadline, which never comes under the test command's time
        # travel (libfaketime moves the monotonic clock far ahead of the kernel's)
        deadline = time.monotonic() + self.wait_seconds
        while not self.slots.acquire(blocking=False):
            if time.monotonic() >= deadline:
                raise HashingBusy()
            time.sleep(0.005)

    def hash(self, password: str) -> str:
        self._acquire()
        try:
            return self._argon2.hash(password)
        finally:
            self.slots.release()

    def verify(self, password_hash: str, password: str) -> bool:
        self._acquire()
        try:
            return self._argon2.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        finally:
            self.slots.release()

    def needs_rehash(self, password_hash: str) -> bool:
        return self._argon2.check_needs_rehash(password_hash)
