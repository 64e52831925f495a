"""The checkout decision: new client, new line or plan change (domain-rules.md, Checkout)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from mtf.kernel.errors import Conflict, invalid

NEW_CLIENT, NEW_LINE, PLAN_CHANGE = "new_client", "new_line", "plan_change"
INTENTS = ("auto", "new_line", "plan_change")


@dataclass(frozen=True)
class CurrentLine:
    """A line of the client with an active contract of the offer's service."""

    subscriber_id: UUID
    contract_id: UUID
    offer_id: UUID
    offer_code: str
    start_date: date
    number: str | None = None


@dataclass(frozen=True)
class Decision:
    outcome: str
    line: CurrentLine | None  # the line changed by a plan change


def decide(
    *,
    client_known: bool,
    lines: list[CurrentLine],
    offer_id: UUID,
    intent: str,
    subscriber_id: UUID | None,
) -> Decision:
    """What one checkout does. `lines` are the client's active contracts of the offer's
    service. Raises a field error, or a conflict listing the candidate lines."""
    if intent not in INTENTS:
        raise invalid("intent", f"must be one of {', '.join(INTENTS)}")
    if not client_known:
        if intent == PLAN_CHANGE:
            raise invalid("intent", "a new client has no line whose plan could change")
        if subscriber_id is not None:
            raise invalid("subscriber_id", "a new client has no line yet")
        return Decision(NEW_CLIENT, None)
    if intent == NEW_LINE:
        if subscriber_id is not None:
            raise invalid("subscriber_id", "a new line cannot name an existing line")
        return Decision(NEW_LINE, None)
    if subscriber_id is not None:
        chosen = [line for line in lines if line.subscriber_id == subscriber_id]
        if not chosen:
            raise invalid(
                "subscriber_id",
                "is not a line of this client with an active contract of this service",
            )
        line = chosen[0]
    elif not lines:
        if intent == PLAN_CHANGE:
            raise invalid("intent", "the client has no active contract of this service to change")
        return Decision(NEW_LINE, None)
    elif len(lines) == 1:
        line = lines[0]
    else:
        raise Conflict(
            "the client has several lines of this service: choose one (subscriber_id) or ask for a new line",
            extra={
                "candidates": [str(line.subscriber_id) for line in lines],
                "candidate_lines": [
                    {
                        "subscriber_id": str(line.subscriber_id),
                        "number": line.number,
                        "contract_id": str(line.contract_id),
                        "offer_code": line.offer_code,
                    }
                    for line in lines
                ],
            },
        )
    if line.offer_id == offer_id:
        raise invalid("offer_id", f"the line already has this plan ({line.offer_code})")
    return Decision(PLAN_CHANGE, line)
