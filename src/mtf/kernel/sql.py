"""Read-model SQL shared by every service: one page of a table under the list convention,
and its total, in one round trip; many rows inserted in one statement of parallel arrays."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

import psycopg
from psycopg.adapt import Dumper
from psycopg.pq import Format
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
    rows: Sequence[dict[str, Any]] | Sequence[tuple[Any, ...]],
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
    on every row. A row is a dict by column, or a tuple of the values in `types`' order.
    Returns the `returning` column of the rows inserted. Table and column names are the
    caller's fixed identifiers, never input."""
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
                copy.write_row(row if isinstance(row, tuple) else [row[c] for c in types])
        cur.execute(
            f"INSERT INTO {table} ({', '.join([*types, *constants])}) "
            f"SELECT {', '.join([*types, *constants.values()])} FROM {stage} "
            f"ON CONFLICT {conflict} DO NOTHING" + (f" RETURNING {returning}" if returning else "")
        )
        return [r[0] for r in cur.fetchall()] if returning else []


# --- arrays sent in binary, encoded in one pass --------------------------------------------
# psycopg dumps a list parameter element by element in Python (its ListDumper): a bill run's
# saves sent tens of thousands of elements a second that way. These wrappers are encoded
# by joining bytes, and sent as the array type they name (binary parameters: `%b`).

_EPOCH = date(2000, 1, 1).toordinal()


class BinaryArray:
    """A one-dimensional array parameter of one PostgreSQL type, without NULLs."""

    __slots__ = ("data",)
    element_oid: ClassVar[int] = 0

    def __init__(self, items: Iterable[Any]) -> None:
        encoded = [self.encode(i) for i in items]
        self.data = struct.pack("!iiiii", 1, 0, self.element_oid, len(encoded), 1) + b"".join(
            encoded
        )

    @staticmethod
    def encode(item: Any) -> bytes:
        raise NotImplementedError


class UuidArray(BinaryArray):
    element_oid = 2950

    @staticmethod
    def encode(item: UUID | str) -> bytes:
        return b"\x00\x00\x00\x10" + (item if type(item) is UUID else UUID(str(item))).bytes


class Int8Array(BinaryArray):
    element_oid = 20

    @staticmethod
    def encode(item: int) -> bytes:
        return _INT8.pack(8, item)


class Int4Array(BinaryArray):
    element_oid = 23

    @staticmethod
    def encode(item: int) -> bytes:
        return _INT4.pack(4, item)


class TextArray(BinaryArray):
    element_oid = 25

    @staticmethod
    def encode(item: str) -> bytes:
        data = item.encode()
        return _LEN.pack(len(data)) + data


class ByteaArray(BinaryArray):
    element_oid = 17

    @staticmethod
    def encode(item: bytes) -> bytes:
        return _LEN.pack(len(item)) + item


class DateArray(BinaryArray):
    element_oid = 1082

    @staticmethod
    def encode(item: date) -> bytes:
        return _INT4.pack(4, item.toordinal() - _EPOCH)


_LEN = struct.Struct("!i")
_INT4 = struct.Struct("!ii")
_INT8 = struct.Struct("!iq")


def _array_dumper(cls: type[BinaryArray], array_oid: int) -> type[Dumper]:
    class _Dumper(Dumper):
        # the oid is the instance's, not the class's: psycopg registers a class oid for
        # lookups by oid too, and COPY's `set_types` (insert_many) would then hand this
        # dumper plain lists for every array column of that type
        format = Format.BINARY

        def __init__(self, cls: type, context: Any = None) -> None:
            super().__init__(cls, context)
            self.oid = array_oid

        def dump(self, obj: BinaryArray) -> bytes:
            return obj.data

    _Dumper.__name__ = f"{cls.__name__}Dumper"
    return _Dumper


for _cls, _oid in (
    (UuidArray, 2951),
    (Int8Array, 1016),
    (Int4Array, 1007),
    (TextArray, 1009),
    (ByteaArray, 1001),
    (DateArray, 1182),
):
    psycopg.adapters.register_dumper(_cls, _array_dumper(_cls, _oid))
