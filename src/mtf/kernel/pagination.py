"""List conventions: `limit` (default 50, max 500), opaque `cursor`, `sort=field|-field`."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass

from mtf.kernel.errors import invalid

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@dataclass(frozen=True)
class PageRequest:
    limit: int
    offset: int
    sort_field: str
    descending: bool

    @property
    def sort(self) -> str:
        return ("-" if self.descending else "") + self.sort_field


def encode_cursor(offset: int, sort: str) -> str:
    raw = json.dumps({"o": offset, "s": sort}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        offset = int(data["o"])
        cursor_sort = str(data["s"])
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise invalid("cursor", "is not a cursor returned by this list") from exc
    if offset < 0:
        raise invalid("cursor", "is not a cursor returned by this list")
    if cursor_sort != sort:
        raise invalid("cursor", "was issued for another sort order; start again without it")
    return offset


def page_request(
    *,
    limit: int | None,
    cursor: str | None,
    sort: str | None,
    allowed_sorts: Sequence[str],
    default_sort: str,
) -> PageRequest:
    chosen = sort or default_sort
    field_name = chosen[1:] if chosen.startswith("-") else chosen
    if field_name not in allowed_sorts:
        raise invalid("sort", f"can sort by {', '.join(allowed_sorts)} (prefix - for descending)")
    if limit is None:
        limit = DEFAULT_LIMIT
    if not 1 <= limit <= MAX_LIMIT:
        raise invalid("limit", f"must be between 1 and {MAX_LIMIT}")
    offset = decode_cursor(cursor, chosen) if cursor else 0
    return PageRequest(limit, offset, field_name, chosen.startswith("-"))


def next_cursor(page: PageRequest, returned: int, total: int) -> str | None:
    following = page.offset + returned
    return encode_cursor(following, page.sort) if following < total else None


def paginate(
    rows: Sequence[dict[str, object]],
    *,
    limit: int | None,
    cursor: str | None,
    sort: str | None,
    allowed_sorts: Sequence[str],
    default_sort: str,
) -> tuple[list[dict[str, object]], str | None, int]:
    """The list convention over rows already in memory (short lists: keys, a history)."""
    page = page_request(
        limit=limit,
        cursor=cursor,
        sort=sort,
        allowed_sorts=allowed_sorts,
        default_sort=default_sort,
    )
    present = [r for r in rows if r.get(page.sort_field) is not None]
    missing = [r for r in rows if r.get(page.sort_field) is None]
    ordered = sorted(present, key=lambda r: r[page.sort_field], reverse=page.descending) + missing  # type: ignore[arg-type,return-value]
    chunk = ordered[page.offset : page.offset + page.limit]
    return chunk, next_cursor(page, len(chunk), len(ordered)), len(ordered)
