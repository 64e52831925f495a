"""Collection cases and the dunning policy (a schedule of actions, from configuration)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from mtf.kernel.errors import Conflict, invalid
from mtf.kernel.ids import stable_id

ACTIONS = ("reminder", "second_reminder", "suspend_lines", "propose_termination")
STAGE_AFTER = {
    "reminder": "reminder",
    "second_reminder": "second_reminder",
    "suspend_lines": "suspended",
    "propose_termination": "termination_proposed",
}
DEFAULT_POLICY = (
    '[{"day": 1, "action": "reminder"}, {"day": 15, "action": "second_reminder"}, '
    '{"day": 30, "action": "suspend_lines"}, {"day": 60, "action": "propose_termination"}]'
)


@dataclass(frozen=True)
class Step:
    day: int
    action: str

    @property
    def name(self) -> str:
        return f"{self.action}@{self.day}"


def parse_policy(raw: str) -> list[Step]:
    """The dunning schedule, e.g. MTF_DUNNING_POLICY (JSON list of {day, action})."""
    steps = [Step(int(item["day"]), str(item["action"])) for item in json.loads(raw)]
    for step in steps:
        if step.action not in ACTIONS or step.day < 0:
            raise ValueError(f"unknown dunning step {step}")
    return sorted(steps, key=lambda s: s.day)


def case_id_for(client_id: UUID, opened_on: date, reopening: int = 0) -> UUID:
    """One case per client and date; a client whose case of the day was closed and who is
    overdue again the same day (a payment bounced) gets the day's next one."""
    if reopening:
        return stable_id("case", client_id, opened_on, reopening)
    return stable_id("case", client_id, opened_on)


class CollectionCase(Aggregate):
    @staticmethod
    def create_id(client_id: UUID, opened_on: date, reopening: int = 0, **_: Any) -> UUID:
        return case_id_for(client_id, opened_on, reopening)

    @event("Opened")
    def __init__(
        self,
        client_id: UUID,
        opened_on: date,
        days_past_due: int,
        actor: str,
        reopening: int = 0,
    ) -> None:
        self.client_id = client_id
        self.opened_on = opened_on
        self.status = "open"
        self.stage = "opened"
        self.steps_done: list[str] = []
        self.promise_until: date | None = None
        self.suspended_contract_ids: list[str] = []

    def due_steps(self, policy: list[Step], days_past_due: int, today: date) -> list[Step]:
        """The policy's steps now due and not yet taken (none while a promise to pay holds)."""
        if self.status != "open" or (
            self.promise_until is not None and self.promise_until >= today
        ):
            return []
        return [s for s in policy if s.day <= days_past_due and s.name not in self.steps_done]

    def record_step(
        self, step: Step, *, on: date, detail: str, contract_ids: list[str], actor: str
    ) -> None:
        if step.name in self.steps_done:
            raise Conflict(f"{step.name} was already taken")
        self._step_taken(
            step=step.name,
            action=step.action,
            on=on,
            detail=detail,
            contract_ids=contract_ids,
            actor=actor,
        )

    @event("StepTaken")
    def _step_taken(
        self, step: str, action: str, on: date, detail: str, contract_ids: list[str], actor: str
    ) -> None:
        self.steps_done.append(step)
        self.stage = STAGE_AFTER[action]
        self.suspended_contract_ids.extend(
            c for c in contract_ids if c not in self.suspended_contract_ids
        )

    def add_note(self, note: str, *, actor: str) -> None:
        if not note or not note.strip():
            raise invalid("note", "is required")
        self._noted(note=note.strip()[:2000], actor=actor)

    @event("NoteAdded")
    def _noted(self, note: str, actor: str) -> None:
        pass

    def promise_to_pay(self, until: date | None, *, today: date, actor: str) -> None:
        if until is None:
            raise invalid("promise_date", "is required")
        if until < today:
            raise invalid("promise_date", "cannot be in the past")
        self._promised(until=until, actor=actor)

    @event("PromisedToPay")
    def _promised(self, until: date, actor: str) -> None:
        self.promise_until = until

    def close(self, *, reason: str, resumed_contract_ids: list[str], actor: str) -> None:
        if self.status != "open":
            raise Conflict("the case is already closed")
        self._closed(reason=reason, resumed_contract_ids=resumed_contract_ids, actor=actor)

    @event("Closed")
    def _closed(self, reason: str, resumed_contract_ids: list[str], actor: str) -> None:
        self.status = "closed"


class CollectionsRun(Aggregate):
    """The collections run of one date and its passes. The first pass is `Ran`; a later pass
    on the same date (what became overdue since, payments that settled a case) is `PassRan`
    when it did something. Steps are idempotent per case, so a pass never repeats one."""

    @staticmethod
    def create_id(as_of: date, **_: Any) -> UUID:
        return stable_id("collections-run", as_of)

    @event("Ran")
    def __init__(self, as_of: date, figures: dict[str, int], actor: str) -> None:
        self.as_of = as_of
        self.figures = figures
        self.passes = 1

    def record_pass(self, figures: dict[str, int], *, actor: str) -> None:
        self._pass_ran(figures=figures, actor=actor)

    @event("PassRan")
    def _pass_ran(self, figures: dict[str, int], actor: str) -> None:
        self.figures = {k: self.figures.get(k, 0) + v for k, v in figures.items()}
        self.passes += 1


def changed_anything(figures: dict[str, int]) -> bool:
    """Whether a pass acted (the count of overdue invoices is an observation, not an act)."""
    return any(v for k, v in figures.items() if k != "overdue_invoices")
