"""The worker: keeps every read model caught up (and, later, runs scheduled jobs).

Safe on several machines at once: each projection locks its tracking row while it
applies events, so two workers never apply the same event."""

from __future__ import annotations

import importlib
import signal
import time
from typing import Any

from mtf.kernel.follower import FeedFollower
from mtf.kernel.logging import get_logger
from mtf.kernel.projection import Projector
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


def run_worker(settings: Settings, *, once: bool = False, interval: float = 1.0) -> None:
    projectors = build_projectors(settings)
    followers = build_followers(settings)
    jobs = build_jobs(settings)
    running = True

    def stop(*_: object) -> None:
        nonlocal running
        running = False

    if not once:
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
    log.info("worker_started", projections=[p.projection.name for p in projectors])
    while running:
        busy = False  # something was done this pass: go again at once, sleep only when idle
        for projector in projectors:
            try:
                applied = projector.catch_up()
                if applied:
                    busy = True
                    log.info(
                        "projection_caught_up",
                        projection=projector.projection.name,
                        applied=applied,
                    )
            except Exception:
                log.exception("projection_failed", projection=projector.projection.name)
        for follower in followers:
            try:
                applied = follower.catch_up()
                if applied:
                    busy = True
                    log.info("feed_followed", follower=follower.name, applied=applied)
            except Exception as exc:
                log.warning("feed_follow_failed", follower=follower.name, error=str(exc))
        for job in jobs:
            try:
                done = job()
                # a job reports work done as a positive count (anything else means idle)
                if isinstance(done, int) and not isinstance(done, bool) and done > 0:
                    busy = True
            except Exception:
                log.exception("job_failed", job=getattr(job, "__name__", str(job)))
        if once:
            return
        # busy: a short breath only (a run another worker holds must not make this one spin)
        time.sleep(0.02 if busy else interval)
