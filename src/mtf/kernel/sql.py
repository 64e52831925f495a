"""Read-model queries shared by every service: one page of a table under the list
convention, and its total, in one round trip."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, func, select

from mtf.kernel.pagination import PageRequest


def fetch_page(
    conn: Connection,
    table: Table,
    conditions: Sequence[ColumnElement[bool]],
    page: PageRequest,
    *,
    tiebreak: str,
) -> tuple[list[dict[str, Any]], int]:
    """Rows of `table` matching `conditions`, sorted and sliced as `page` says, and the total
    (a window count on the page itself; a count query only when the page is empty)."""
    column = table.c[page.sort_field]
    rows = conn.execute(
        select(table, func.count().over().label("_total"))
        .where(*conditions)
        .order_by(column.desc() if page.descending else column.asc(), table.c[tiebreak])
        .limit(page.limit)
        .offset(page.offset)
    ).all()
    if rows:
        total = int(rows[0]._total)
    else:
        total = int(
            conn.execute(select(func.count()).select_from(table).where(*conditions)).scalar_one()
        )
    found = []
    for row in rows:
        values = dict(row._mapping)
        values.pop("_total", None)
        found.append(values)
    return found, total
