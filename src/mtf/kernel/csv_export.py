"""Streamed CSV for the list exports (issue 14): the bytes of a header row and the rows, a
chunk at a time, so an export of any size holds one chunk in memory."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"


def csv_chunks(
    header: tuple[str, ...], rows: Iterator[list[Any]], every: int = 1000
) -> Iterator[bytes]:
    """CSV bytes (UTF-8, CRLF lines, RFC 4180), a chunk per `every` rows: what is held at
    once is one chunk, whatever the number of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if count % every == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()
