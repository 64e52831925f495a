"""What the reads' fixed-cost cuts (issue #13) must not change: the gateway's token check
still refuses what it refused, a remembered token stops passing when it expires, and the
cheaper thread hop runs the work with the caller's context and its errors."""

from __future__ import annotations

import asyncio
import threading
import time
from contextvars import ContextVar

import pytest

from mtf.kernel import auth
from mtf.kernel.auth import inspect_bearer, issue_access_token, issue_service_token
from mtf.kernel.errors import Unauthorized
from mtf.kernel.service_keys import ServiceKeys
from mtf.kernel.threads import run_sync

SECRET = "unit-test-secret-0123456789abcdef0123"


def access_token(ttl: int = 60) -> str:
    return issue_access_token(
        SECRET, subject="u1", username="admin", permissions=["offers:write"], ttl_seconds=ttl
    )


def test_the_gateway_passes_a_well_formed_token_every_time() -> None:
    header = f"Bearer {access_token()}"
    inspect_bearer(header)
    inspect_bearer(header)  # remembered: the same answer


def test_a_remembered_token_is_refused_once_it_has_expired(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    header = f"Bearer {access_token(ttl=60)}"
    inspect_bearer(header)
    later = time.time() + 61
    monkeypatch.setattr(auth.time, "time", lambda: later)
    with pytest.raises(Unauthorized, match="expired"):
        inspect_bearer(header)


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer ", "Bearer not.a.jwt"])
def test_a_refused_header_is_refused_again(header: str | None) -> None:
    for _ in range(2):  # a refusal is never remembered as a pass
        with pytest.raises(Unauthorized):
            inspect_bearer(header)


def test_a_service_token_is_refused_at_the_gateway_every_time() -> None:
    service = issue_service_token(
        ServiceKeys.generate(), caller="contracts", target="customer", permissions=()
    )
    for _ in range(2):
        with pytest.raises(Unauthorized):
            inspect_bearer(f"Bearer {service}")


request_id: ContextVar[str] = ContextVar("request_id", default="")


def test_blocking_work_runs_off_the_loop_with_the_callers_context() -> None:
    async def main() -> tuple[str, bool]:
        request_id.set("r-42")
        loop_thread = threading.get_ident()
        return await run_sync(lambda: (request_id.get(), threading.get_ident() != loop_thread))

    assert asyncio.run(main()) == ("r-42", True)


def test_blocking_work_raises_its_own_error_to_the_caller() -> None:
    def fails(x: int) -> int:
        raise ValueError(f"bad {x}")

    async def main() -> int:
        return await run_sync(fails, 7)

    with pytest.raises(ValueError, match="bad 7"):
        asyncio.run(main())
