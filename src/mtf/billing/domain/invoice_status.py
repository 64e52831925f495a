"""An invoice's status and amount due: derived, never stored, defined here once.

Billing's API, billing's SQL filters and collections' receivables all derive them from the
same four figures (total, credited, paid, due date) with these rules, in this order: the
first rule whose fact holds names the status. `ORDERED_RULES` is what the SQL filters are
built from (`mtf.billing.adapters.postgres.views.status_condition`), so the list
filter and the status shown can never disagree."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

ZERO = Decimal("0.00")

# (status, the fact that gives it once no earlier rule applied; None: always)
ORDERED_RULES: tuple[tuple[str, str | None], ...] = (
    ("credited", "credited_in_full"),  # credit notes cover the whole total
    ("paid", "settled"),  # credited + paid cover it
    ("overdue", "past_due"),  # something is due after the due date
    ("partially_paid", "paid_some"),
    ("issued", None),
)
STATUSES: tuple[str, ...] = tuple(s for s, _ in ORDERED_RULES)


def amount_due(total: Decimal, credited: Decimal, paid: Decimal) -> Decimal:
    return max(ZERO, total - credited - paid)


def facts(
    total: Decimal, credited: Decimal, paid: Decimal, due_date: date, today: date
) -> dict[str, bool]:
    return {
        "credited_in_full": credited >= total,
        "settled": credited + paid >= total,
        "past_due": due_date < today,
        "paid_some": paid > 0,
    }


def invoice_status(
    total: Decimal, credited: Decimal, paid: Decimal, due_date: date, today: date
) -> str:
    """Credited, paid, overdue, partially paid or issued (as of `today`)."""
    known = facts(total, credited, paid, due_date, today)
    return next(status for status, fact in ORDERED_RULES if fact is None or known[fact])
