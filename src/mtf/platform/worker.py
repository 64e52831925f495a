"""The worker: keeps every read model caught up (and, later, runs scheduled jobs).

Safe on several machines at once: each projection locks its tracking row while it
applies events, so two workers never apply the same event."""

from __future__ import annotations

import importlib
import signal
import time
from collections.abc import Callable
from typing import Any

from mtf.kernel.follower import FeedFollower, FeedStuck
from mtf.kernel.logging import get_logger
from mtf.kernel.projection import ProjectionStuck, Projector
from mtf.kernel.settings import SERVICES, Settings

log = get_logger("mtf.worker")


def _declared(settings: Settings, factory_name: str) -> list[Any]:
    """What each service declares for the worker through `build_<kind>(settings)`."""
    found: list[Any] = []
    for service in SERVICES:
        module: Any = importlib.import_module(f"mtf.{service}.app")
        factory = getattr(module, factory_name, None)
        if factory is not None:
            found.extend(factory(settings))
    return found


def build_projectors(settings: Settings) -> list[Projector]:
    return _declared(settings, "build_projectors")


def build_followers(settings: Settings) -> list[FeedFollower]:
    return _declared(settings, "build_followers")


def build_jobs(settings: Settings) -> list[Any]:
    """Periodic jobs a service declares (e.g. resuming interrupted checkouts)."""
    return _declared(settings, "build_jobs")


def _steps(
    projectors: list[Projector], followers: list[FeedFollower], jobs: list[Any]
) -> list[tuple[str, Callable[[], int]]]:
    """Every unit of work of a pass, each answering how much it did (0: nothing)."""

    def projection(projector: Projector) -> Callable[[], int]:
        def step() -> int:
            try:
                applied = projector.catch_up()
            except ProjectionStuck:
                return 0  # logged once by the projector, named by /health/ready
            except Exception as exc:  # no traceback: a statement's parameters may be personal
                log.error(
                    "projection_failed",
                    projection=projector.projection.name,
                    error_type=type(exc).__name__,
                )
                return 0
            if applied:
                log.info(
                    "projection_caught_up", projection=projector.projection.name, applied=applied
                )
            return applied

        return step

    def feed(follower: FeedFollower) -> Callable[[], int]:
        def step() -> int:
            try:
                applied = follower.catch_up()
            except FeedStuck:
                return 0  # logged once by the follower, named by /health/ready
            except Exception as exc:
                log.warning("feed_follow_failed", follower=follower.name, error=str(exc))
                return 0
            if applied:
                log.info("feed_followed", follower=follower.name, applied=applied)
            return applied

        return step

    def job_step(job: Any) -> Callable[[], int]:
        def step() -> int:
            try:
                done = job()
            except Exception:
                log.exception("job_failed", job=getattr(job, "__name__", str(job)))
                return 0
            # a job reports work done as a positive count (anything else means idle)
            return done if isinstance(done, int) and not isinstance(done, bool) else 0

        return step

    return [
        *((p.projection.name, projection(p)) for p in projectors),
        *((f.name, feed(f)) for f in followers),
        *((getattr(j, "__name__", str(j)), job_step(j)) for j in jobs),
    ]


def run_worker(settings: Settings, *, once: bool = False, interval: float = 1.0) -> None:
    steps = _steps(build_projectors(settings), build_followers(settings), build_jobs(settings))
    running = True

    def stop(*_: object) -> None:
        nonlocal running
        running = False

    if not once:
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
    log.info("worker_started", steps=[name for name, _ in steps])
    # every `interval` a full pass runs every step; in between, the steps that found work run
    # again: at once while they find plenty (a PDF backlog, a burst of webhooks), after a short
    # breath when they find a little (so a steady trickle is applied in batches, not polled
    # dozens of times a second). While anything is busy a full pass comes every 0.25 s, so
    # what busy steps produce (invoices for the webhook feeds) is picked up promptly.
    busy: list[tuple[str, Callable[[], int]]] = []
    next_full = 0.0
    while running:
        full = time.monotonic() >= next_full
        to_run = steps if full else busy
        done = [(name, step, step()) for name, step in to_run]
        busy = [(name, step) for name, step, count in done if count > 0]
        hot = any(count >= HOT for _, _, count in done)
        if full:
            next_full = time.monotonic() + (min(interval, 0.25) if busy else interval)
        elif busy:
            next_full = min(next_full, time.monotonic() + 0.25)
        if once:
            return
        pause = 0.0 if hot else 0.2 if busy else next_full - time.monotonic()
        time.sleep(max(0.005, min(pause, max(0.0, next_full - time.monotonic()))))


HOT = 10  # a step that did at least this much goes again at once
