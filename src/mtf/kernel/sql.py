"""Read-model SQL shared by every service: one page of a table under the list convention,
and its total, in one round trip; many rows inserted in one statement of parallel arrays."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, TextClause, func, select, text

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


def unnest_insert(
    table: str,
    types: dict[str, str],
    *,
    conflict: str = "",
    returning: str = "",
    constants: dict[str, str] | None = None,
) -> TextClause:
    """`INSERT ... SELECT FROM unnest(arrays)`: many rows in one statement whose parameters
    are one array per column (`types`: column -> PostgreSQL type), bound with
    `columns_of(rows)`. SQLAlchemy's executemany compiles every row's parameters in Python,
    the largest cost of projecting thousands of events. `constants`: columns given the same
    SQL literal on every row (an empty array, which unnest cannot carry per row). Existing
    rows are left (`ON CONFLICT <conflict> DO NOTHING`). Table and column names are the
    caller's fixed identifiers, never input."""
    constants = constants or {}
    columns = ", ".join([*types, *constants])
    arrays = ", ".join(f"CAST(:{c} AS {t}[])" for c, t in types.items())
    values = ", ".join([*(f"u.{c}" for c in types), *constants.values()])
    return text(
        f"INSERT INTO {table} ({columns}) SELECT {values} "  # fixed names only
        f"FROM unnest({arrays}) AS u({', '.join(types)}) "
        f"ON CONFLICT {conflict} DO NOTHING" + (f" RETURNING {returning}" if returning else "")
    )


def columns_of(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """The parameters of `unnest_insert`: each column's values, in row order."""
    return {column: [row[column] for row in rows] for column in rows[0]}
