"""The worker: keeps every read model caught up and runs the services' periodic jobs.

Safe on several machines at once: each projection locks its tracking row while it
applies events, so two workers never apply the same event.

How it shares its time (one process, one step at a time):
- The *feeds* (every projection and feed follower) are what reads wait on: a pass begins
  with every one of them, each applying one batch (a page of its source's feed, a batch of
  its event log). A feed with a long backlog (16,000 invoices after a bill run, seen by the
  webhooks outbox and collections' receivables) takes it a batch per pass, in turn with the
  others: a payment's settlement or a contract's status is never queued behind it.
- Then the *jobs* (bill runs, credit notes, webhooks, collections, ...), each one batch,
  normal jobs first, then the background ones (marked `@background`, `mtf.kernel.jobs`:
  PDF archiving): so between any two batches of a job, every feed has had a turn, and
  neither the rest of a bill run nor a backlog of PDFs after a restart holds the feeds back.
- Every `interval` a full pass runs every step; while anything is busy, the passes in
  between run the feeds and the jobs that found work, at once while something found plenty
  (>= HOT), after a short breath when it found a little, and a full pass comes every 0.25 s.
- A step slower than SLOW_STEP seconds is logged (`worker_step_slow`), so what holds a pass
  back shows in the logs.
"""

from __future__ import annotations

import importlib
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mtf.kernel.follower import FeedFollower, FeedStuck
from mtf.kernel.heap import settle_heap
from mtf.kernel.jobs import BACKGROUND, priority_of
from mtf.kernel.logging import get_logger
from mtf.kernel.projection import ProjectionStuck, Projector
from mtf.kernel.settings import SERVICES, Settings

log = get_logger("mtf.worker")

FEED, JOB, BACKGROUND_JOB = 0, 1, 2  # a step's rank in a pass: feeds, jobs, background jobs
HOT = 10  # a step that did at least this much goes again at once
SLOW_STEP = 5.0  # seconds: a step taking longer is logged


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[], int]
    priority: int


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
) -> list[Step]:
    """Every unit of work of a pass, each answering how much it did (0: nothing), feeds
    first, then the jobs by priority (stable: in the order the services declare them)."""

    def projection(projector: Projector) -> Callable[[], int]:
        def step() -> int:
            try:
                applied = projector.catch_up(max_batches=1)
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
                applied = follower.poll()  # one page: the next one on its next turn
            except FeedStuck:
                return 0  # logged once by the follower, named by /health/ready
            except Exception as exc:
                log.warning("feed_follow_failed", follower=follower.name, error=str(exc))
                return 0
            if applied:
                log.info("feed_followed", follower=follower.name, applied=applied)
            # a page may hold fewer items than asked (the source leaves out what it does not
            # publish): one that did not reach the source's last position counts as plenty
            more = bool(getattr(follower, "_more", False))
            return max(applied, HOT) if more else applied

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

    job_steps = [
        Step(
            getattr(j, "__name__", str(j)),
            job_step(j),
            BACKGROUND_JOB if priority_of(j) == BACKGROUND else JOB,
        )
        for j in jobs
    ]
    return [
        *(Step(p.projection.name, projection(p), FEED) for p in projectors),
        *(Step(f.name, feed(f), FEED) for f in followers),
        *sorted(job_steps, key=lambda s: s.priority),
    ]


class Scheduler:
    """Which steps a pass runs, and how long to wait before the next one (see the module's
    docstring). `clock` is injectable so the tests drive it without sleeping."""

    def __init__(
        self,
        steps: list[Step],
        *,
        interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.steps = steps
        self.interval = interval
        self.clock = clock
        self.busy: set[int] = set()  # the steps (by position) that found work last pass
        self.next_full = 0.0

    @property
    def feeds_busy(self) -> bool:
        """A feed found work in the last pass (it may have more)."""
        return any(self.steps[i].priority == FEED for i in self.busy)

    def run_pass(self) -> float:
        """Run one pass; answer the seconds to wait before the next."""
        full = self.clock() >= self.next_full
        if full:
            to_run = list(enumerate(self.steps))
        elif self.busy:  # the feeds always, and the jobs that found work
            to_run = [
                (i, s) for i, s in enumerate(self.steps) if s.priority == FEED or i in self.busy
            ]
        else:
            to_run = []
        done: list[tuple[int, int]] = []
        for i, step in to_run:
            started = self.clock()
            count = step.run()
            took = self.clock() - started
            if took >= SLOW_STEP:
                log.warning("worker_step_slow", step=step.name, seconds=round(took, 1), did=count)
            done.append((i, count))
        self.busy = {i for i, count in done if count > 0}
        hot = any(count >= HOT for _, count in done)
        now = self.clock()
        if full:
            self.next_full = now + (min(self.interval, 0.25) if self.busy else self.interval)
        elif self.busy:
            self.next_full = min(self.next_full, now + 0.25)
        pause = 0.0 if hot else 0.2 if self.busy else self.next_full - now
        return max(0.005, min(pause, max(0.0, self.next_full - now)))


def run_worker(settings: Settings, *, once: bool = False, interval: float = 1.0) -> None:
    steps = _steps(build_projectors(settings), build_followers(settings), build_jobs(settings))
    running = True

    def stop(*_: object) -> None:
        nonlocal running
        running = False

    if not once:
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
    log.info("worker_started", steps=[s.name for s in steps])
    scheduler = Scheduler(steps, interval=interval)
    settle_heap()
    while running:
        pause = scheduler.run_pass()
        if once and not scheduler.feeds_busy:
            return  # `--once`: every job once, and passes until every feed has caught up
        time.sleep(pause)
