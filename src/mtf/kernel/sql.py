"""Read-model SQL shared by every service: one page of a table under the list convention,
and its total, in one round trip; many rows inserted in one statement of parallel arrays."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, Table, func, select

from mtf.kernel.pagination import PageRequest


def fetch_page(
    conn: Connection,
    table: Table,
    conditions: Sequence[ColumnElement[bool]],
    page: PageRequest,
    *,
    tiebreak: str,
    count: Select[Any] | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Rows of `table` matching `conditions`, sorted and sliced as `page` says, and the total
    (a window count on the page itself; a count query only when the page is empty). `count`:
    a query of the total that costs less than counting the rows (a kept count), in the same
    statement: the window count reads every matching row, whatever the page's size."""
    column = table.c[page.sort_field]
    total_of = func.count().over() if count is None else count.scalar_subquery()
    rows = conn.execute(
        select(table, total_of.label("_total"))
        .where(*conditions)
        .order_by(column.desc() if page.descending else column.asc(), table.c[tiebreak])
        .limit(page.limit)
        .offset(page.offset)
    ).all()
    if rows:
        total = int(rows[0]._total)
    else:
        total = int(
            conn.execute(
                select(func.count()).select_from(table).where(*conditions)
                if count is None
                else count
            ).scalar_one()
        )
    found = []
    for row in rows:
        values = dict(row._mapping)
        values.pop("_total", None)
        found.append(values)
    return found, total


def insert_many(
    conn: Connection,
    table: str,
    types: dict[str, str],
    rows: list[dict[str, Any]],
    *,
    conflict: str = "",
    returning: str = "",
    constants: dict[str, str] | None = None,
) -> list[Any]:
    """Many rows into `table` in the connection's transaction: a binary COPY into a
    temporary staging table of the same columns (`types`: column -> PostgreSQL type), then
    one `INSERT ... SELECT` leaving existing rows (`ON CONFLICT <conflict> DO NOTHING`).
    SQLAlchemy's executemany compiles every row's parameters in Python and arrays sent as
    text are escaped value by value: a binary COPY is several times cheaper, the largest
    cost of projecting thousands of events. `constants`: columns given the same SQL literal
    on every row. Returns the `returning` column of the rows inserted. Table and column
    names are the caller's fixed identifiers, never input."""
    if not rows:
        return []
    constants = constants or {}
    columns = ", ".join(types)
    stage = f"mtf_stage_{table}_{zlib.crc32(repr(types).encode()):08x}"
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cur:
        cur.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {stage} "  # fixed names only
            f"({', '.join(f'{c} {t}' for c, t in types.items())})"
        )
        cur.execute(f"TRUNCATE {stage}")  # whatever an earlier failed call left (autocommit)
        with cur.copy(f"COPY {stage} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(list(types.values()))
            for row in rows:
                copy.write_row([row[c] for c in types])
        cur.execute(
            f"INSERT INTO {table} ({', '.join([*types, *constants])}) "
            f"SELECT {', '.join([*types, *constants.values()])} FROM {stage} "
            f"ON CONFLICT {conflict} DO NOTHING" + (f" RETURNING {returning}" if returning else "")
        )
        return [r[0] for r in cur.fetchall()] if returning else []
