"""`OPTIONS` at the gateway: the `Allow` header lists exactly the methods the public OpenAPI
document gives the path (what a partner may call), not the catch-all proxy route's."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_METHODS = ("get", "post", "put", "patch", "delete")


@lru_cache(maxsize=512)
def _template(path: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}/]+\})", path)
    return re.compile(
        "^" + "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$"
    )


def allowed_methods(document: dict[str, Any], path: str) -> list[str] | None:
    """The documented methods of the path (upper case, OPTIONS included), None if unknown.
    A literal path wins over a template (`/payments/preview` over `/payments/{id}`)."""
    paths: dict[str, Any] = document.get("paths", {})
    item = paths.get(path)
    if item is None:
        matches = [p for p in paths if "{" in p and _template(p).match(path)]
        if not matches:
            return None
        item = paths[min(matches, key=lambda p: p.count("{"))]
    return sorted({m.upper() for m in item if m in _METHODS} | {"OPTIONS"})
