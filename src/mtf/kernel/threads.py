"""Blocking work (SQLAlchemy, psycopg) run off the event loop, as cheaply as it can be.

`run_sync(func, *args)` replaces `anyio.to_thread.run_sync` in the controllers: the same
contract (the function runs in a worker thread with a copy of the caller's context, so the
request id and the actor stay bound in its log lines; a cancelled caller waits for the work
to finish before the cancellation goes on), on a plain thread pool. anyio's version costs
about three times the CPU per call (capacity limiter, backend lookup, its own worker queue),
and every API request makes at least one such call (py-spy, issue #13)."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

# as many threads as anyio's default limiter allows: each holds at most one pooled connection
MAX_THREADS = 40
_executor = ThreadPoolExecutor(max_workers=MAX_THREADS, thread_name_prefix="mtf-sync")


async def run_sync(func: Callable[..., T], *args: Any) -> T:
    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(_executor, contextvars.copy_context().run, func, *args)
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        # the work goes on in its thread: let it end (its transaction with it) first
        await asyncio.wait([future])
        raise
