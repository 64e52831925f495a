"""The Idempotency-Key convention of money-moving and provisioning POSTs."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import msgspec
from litestar import Request

from mtf.kernel.errors import FieldError, ValidationFailed


class IdempotencyKeyRequired(ValidationFailed):
    status = 400
    title = "Idempotency-Key required"
    type_slug = "idempotency-key-required"


def idempotency_key(request: Request[Any, Any, Any]) -> str:
    """The request's Idempotency-Key; a 400 problem when it has none."""
    key = request.headers.get("idempotency-key")
    if not key:
        raise IdempotencyKeyRequired(
            [FieldError("Idempotency-Key", "is required")],
            "send an Idempotency-Key header (a unique value per request, reused when retrying it)",
        )
    return key


def body_hash(data: msgspec.Struct) -> str:
    """What "the same body" means: the decoded body, canonically serialised."""
    canonical = json.dumps(msgspec.to_builtins(data), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
