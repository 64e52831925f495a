"""How the worker shares its time: feeds (projections, followers) before jobs, background jobs
(PDF archiving) last, every feed gets a turn between two batches of any job and feeds take
their backlogs a batch per pass in turn, so neither a PDF backlog nor a long feed after a
restart holds back what reads wait on. Fake steps, a fake clock."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from mtf.kernel.jobs import BACKGROUND, NORMAL, background, priority_of
from mtf.kernel.observability import PROJECTION, StreamFailure
from mtf.kernel.projection import ProjectionStuck
from mtf.platform.worker import BACKGROUND_JOB, FEED, HOT, JOB, Scheduler, Step, _steps


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Work:
    """A step with a backlog: each run takes up to `batch` of it and says how many."""

    def __init__(self, name: str, log: list[str], backlog: int = 0, batch: int = 1000) -> None:
        self.name = self.__name__ = name  # a job is named by its function's name
        self.log = log
        self.backlog = backlog
        self.batch = batch

    def __call__(self) -> int:
        self.log.append(self.name)
        done = min(self.backlog, self.batch)
        self.backlog -= done
        return done


class FakeProjection:
    def __init__(self, name: str) -> None:
        self.name = name


class FakeProjector:
    def __init__(self, name: str, work: Work) -> None:
        self.projection = FakeProjection(name)
        self.work = work
        self.asked: list[int | None] = []

    def catch_up(self, max_batches: int | None = None) -> int:
        self.asked.append(max_batches)
        return self.work()


class FakeFollower:
    """A follower's `poll`: one page of its source's feed (`_more`: the page did not reach
    the source's last position, as `FeedFollower.poll` records it)."""

    def __init__(self, name: str, work: Work) -> None:
        self.name = name
        self.work = work
        self._more = False

    def poll(self) -> int:
        done = self.work()
        self._more = self.work.backlog > 0
        return done


def test_a_hot_background_job_never_runs_twice_without_every_feed_in_between() -> None:
    log: list[str] = []
    pdfs = Work("pdfs", log, backlog=16 * 50, batch=16)  # a PDF backlog after a restart
    views = Work("views", log)
    paid = Work("paid<-settlements", log)
    clock = Clock()
    scheduler = Scheduler(
        [Step("views", views, FEED), Step("paid", paid, FEED), Step("pdfs", pdfs, BACKGROUND_JOB)],
        clock=clock,
    )
    waits = [scheduler.run_pass() for _ in range(5)]
    assert waits[-1] < 0.01  # the backlog is hot: the next pass comes at once
    # a payment arrives while the PDFs are still being archived
    paid.backlog = 1
    scheduler.run_pass()
    # the settlement was applied in the very next pass, before the next batch of PDFs
    last_pass = log[-3:]
    assert last_pass == ["views", "paid<-settlements", "pdfs"]
    assert paid.backlog == 0 and pdfs.backlog > 0
    # and between every two PDF batches every feed had its turn
    batches = [i for i, name in enumerate(log) if name == "pdfs"]
    for before, after in itertools.pairwise(batches):
        assert sorted(log[before + 1 : after]) == ["paid<-settlements", "views"]


def test_a_pass_runs_the_feeds_then_the_jobs_then_the_background_jobs() -> None:
    log: list[str] = []
    pdfs = background(Work("archive_invoice_pdfs", log, backlog=100, batch=16))
    bill_runs = Work("bill_runs", log, backlog=600, batch=200)
    steps = _steps(
        [FakeProjector("billing.views", Work("billing.views", log))],  # type: ignore[list-item]
        [FakeFollower("billing.settlements<-collections", Work("settlements", log))],  # type: ignore[list-item]
        [pdfs, bill_runs],  # as a service might declare them: the background job first
    )
    assert [(s.name, s.priority) for s in steps] == [
        ("billing.views", FEED),
        ("billing.settlements<-collections", FEED),
        ("bill_runs", JOB),
        ("archive_invoice_pdfs", BACKGROUND_JOB),
    ]
    assert (priority_of(pdfs), priority_of(bill_runs)) == (BACKGROUND, NORMAL)
    Scheduler(steps, clock=Clock()).run_pass()
    assert log == ["billing.views", "settlements", "bill_runs", "archive_invoice_pdfs"]


def test_between_full_passes_only_the_feeds_and_the_busy_jobs_run() -> None:
    log: list[str] = []
    clock = Clock()
    idle_job = Work("resume_checkouts", log)
    pdfs = Work("pdfs", log, backlog=32, batch=16)
    scheduler = Scheduler(
        [
            Step("views", Work("views", log), FEED),
            Step("resume_checkouts", idle_job, JOB),
            Step("pdfs", pdfs, BACKGROUND_JOB),
        ],
        clock=clock,
    )
    scheduler.run_pass()  # full: everything
    assert log == ["views", "resume_checkouts", "pdfs"]
    scheduler.run_pass()  # in between: the feeds and the busy job
    assert log[3:] == ["views", "pdfs"]
    clock.now += 0.3  # a full pass is due again (every 0.25 s while busy)
    scheduler.run_pass()
    assert log[5:] == ["views", "resume_checkouts", "pdfs"]
    # nothing left anywhere: no pass until the next full one, a second later
    wait = scheduler.run_pass()
    assert log[8:] == []
    assert 0.2 < wait <= 1.0


def test_a_step_that_found_plenty_goes_again_at_once_a_trickle_after_a_breath() -> None:
    log: list[str] = []
    trickle = Work("trickle", log, backlog=HOT - 1, batch=1)
    scheduler = Scheduler([Step("trickle", trickle, FEED)], clock=Clock())
    assert scheduler.run_pass() == 0.2
    plenty = Work("plenty", log, backlog=HOT * 3, batch=HOT)
    scheduler = Scheduler([Step("plenty", plenty, FEED)], clock=Clock())
    assert scheduler.run_pass() < 0.01


def test_a_stuck_projector_does_not_stop_the_pass() -> None:
    log: list[str] = []

    class Stuck:
        class projection:
            name = "collections.views"

        def catch_up(self, max_batches: int | None = None) -> int:
            log.append("stuck")
            raise ProjectionStuck(failure_for_test())

    steps = _steps(
        [Stuck()],  # type: ignore[list-item]
        [],
        [Work("deliver_webhooks", log, backlog=3)],
    )
    Scheduler(steps, clock=Clock()).run_pass()
    assert log == ["stuck", "deliver_webhooks"]


def failure_for_test() -> StreamFailure:
    return StreamFailure(
        kind=PROJECTION,
        name="collections.views",
        position=4,
        event_id=5,
        event_type="Payment.Posted",
        error_type="DataError",
        since=datetime(2026, 1, 1, tzinfo=UTC),
    )


def test_a_long_feed_backlog_is_taken_a_page_per_pass_in_turn_with_the_other_feeds() -> None:
    log: list[str] = []
    # after a bill run: 16,000 invoices for the webhooks outbox, a page of 500 per poll
    outbox = Work("identity.webhooks<-billing", log, backlog=16_000, batch=500)
    settlements = Work("billing.settlements<-collections", log)
    views = FakeProjector("billing.views", Work("billing.views", log, backlog=3000, batch=500))
    steps = _steps(
        [views],  # type: ignore[list-item]
        [
            FakeFollower("identity.webhooks<-billing", outbox),  # type: ignore[list-item]
            FakeFollower("billing.settlements<-collections", settlements),  # type: ignore[list-item]
        ],
        [],
    )
    scheduler = Scheduler(steps, clock=Clock())
    assert scheduler.run_pass() < 0.01  # plenty to do: again at once
    settlements.backlog = 1  # a payment is settled meanwhile
    assert scheduler.run_pass() < 0.01
    # applied in the next pass, while the outbox still has most of its backlog
    assert settlements.backlog == 0
    assert outbox.backlog == 16_000 - 2 * 500
    assert views.asked == [1, 1]  # the projection, too, one batch per turn
    while scheduler.feeds_busy:
        scheduler.run_pass()
    assert outbox.backlog == 0 and views.work.backlog == 0


def test_a_page_of_events_the_source_does_not_publish_still_counts_as_work() -> None:
    log: list[str] = []
    # 600 events of the source ahead, none of them published: each page applies nothing
    # but moves the follower on
    unpublished = Work("customer.lines<-contracts", log, backlog=600, batch=200)

    class Quiet(FakeFollower):
        def poll(self) -> int:
            super().poll()
            return 0

    scheduler = Scheduler(
        _steps([], [Quiet("customer.lines<-contracts", unpublished)], []),  # type: ignore[list-item]
        clock=Clock(),
    )
    waits = [scheduler.run_pass() for _ in range(3)]
    assert unpublished.backlog == 0  # three pages in three passes, one after the other
    assert all(w < 0.01 for w in waits[:2])
