"""Partner use cases: API keys (created shown once, stored hashed, revoked), webhook
subscriptions, the webhook outbox fed from the services' event feeds, delivery with
signatures, retries and replay."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol
from uuid import UUID, uuid5

from mtf.identity.domain.partners import (
    EVENT_TYPES,
    WEBHOOK_LANGUAGES,
    check_api_key,
    check_subscription,
    permissions_for,
)
from mtf.kernel.clock import Clock
from mtf.kernel.errors import ErrorList, NotFound, Unauthorized, invalid
from mtf.kernel.ids import new_id

KEY_PREFIX = "mtf_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


# how long a rotated-out webhook secret may keep signing beside the new one
DEFAULT_SECRET_OVERLAP_SECONDS = 24 * 3600
MAX_SECRET_OVERLAP_SECONDS = 7 * 24 * 3600


def new_webhook_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(24)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """`X-MTF-Signature`: HMAC-SHA256 hex of `"{timestamp}.{body}"` under the secret."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class VerifiedKey:
    id: UUID
    name: str
    scopes: list[str]
    permissions: list[str]


class TargetCheck(Protocol):
    """Where webhooks may go (the URL and address rules, with DNS)."""

    def refusal(self, url: str) -> str | None: ...


class PartnerStore(Protocol):
    def add_key(self, row: dict[str, Any]) -> None: ...
    def key_by_prefix(self, prefix: str) -> dict[str, Any] | None: ...
    def keys(self) -> list[dict[str, Any]]: ...
    def revoke_key(self, key_id: UUID, at: datetime, actor: str) -> bool: ...
    def touch_key(self, key_id: UUID, at: datetime) -> None: ...
    def add_subscription(self, row: dict[str, Any]) -> None: ...
    def subscriptions(self) -> list[dict[str, Any]]: ...
    def subscription(self, subscription_id: UUID) -> dict[str, Any] | None: ...
    def replay(
        self, subscription_id: UUID, from_sequence: int, at: datetime, actor: str
    ) -> int: ...
    def rotate_secret(
        self, subscription_id: UUID, secret: str, overlap_seconds: int, actor: str
    ) -> dict[str, Any] | None: ...
    def deliveries(
        self, subscription_id: UUID | None, status: str | None, limit: int, offset: int
    ) -> tuple[list[dict[str, Any]], int]: ...


class Partners:
    def __init__(self, store: PartnerStore, clock: Clock, targets: TargetCheck) -> None:
        self.store = store
        self.clock = clock
        self.targets = targets

    def create_key(self, name: str, scopes: list[str], actor: str) -> tuple[dict[str, Any], str]:
        """A new key; the secret is returned once and only its hash is kept."""
        errors = ErrorList()
        check_api_key(name, scopes, errors)
        errors.raise_if_any()
        prefix = secrets.token_hex(6)
        key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
        row = {
            "id": new_id(),
            "name": name.strip(),
            "prefix": prefix,
            "secret_hash": hash_key(key),
            "scopes": sorted(set(scopes)),
            "created_by": actor,
            "created_at": self.clock.now(),
        }
        self.store.add_key(row)
        return row, key

    def revoke_key(self, key_id: UUID, actor: str) -> None:
        """Revoke a key; who did it goes in the identity audit history."""
        if not self.store.revoke_key(key_id, self.clock.now(), actor):
            raise NotFound(f"no active API key with id {key_id}")

    def verify_key(self, key: str) -> VerifiedKey:
        """Who a key is (for the gateway); refused when unknown or revoked."""
        parts = key.split("_")
        if len(parts) < 3 or not key.startswith(KEY_PREFIX):
            raise Unauthorized("this API key is not valid")
        row = self.store.key_by_prefix(parts[1])
        if row is None or not hmac.compare_digest(row["secret_hash"], hash_key(key)):
            raise Unauthorized("this API key is not valid")
        if row["revoked_at"] is not None:
            raise Unauthorized("this API key was revoked")
        self.store.touch_key(row["id"], self.clock.now())
        return VerifiedKey(
            row["id"], row["name"], list(row["scopes"]), permissions_for(list(row["scopes"]))
        )

    def subscribe(
        self, name: str, url: str, event_types: list[str], actor: str
    ) -> tuple[dict[str, Any], str]:
        errors = ErrorList()
        check_subscription(name, url, event_types, errors)
        refused = self.targets.refusal(url)
        if refused is not None:
            errors.add("url", refused)
        errors.raise_if_any()
        secret = new_webhook_secret()
        row = {
            "id": new_id(),
            "name": name.strip(),
            "url": url,
            "event_types": sorted(set(event_types)),
            "secret": secret,
            "active": True,
            "last_sequence": 0,
            "created_by": actor,
            "created_at": self.clock.now(),
        }
        self.store.add_subscription(row)
        return row, secret

    def rotate_secret(
        self, subscription_id: UUID, overlap_seconds: int, actor: str
    ) -> tuple[dict[str, Any], str]:
        """A new signing secret (returned once); the old one keeps signing beside it, in
        `X-MTF-Signature-Previous`, for `overlap_seconds` (0: it stops at once, for a leaked
        secret). A rotation within the overlap drops the older secret."""
        if not 0 <= overlap_seconds <= MAX_SECRET_OVERLAP_SECONDS:
            raise invalid(
                "overlap_seconds", f"must be between 0 and {MAX_SECRET_OVERLAP_SECONDS} (7 days)"
            )
        secret = new_webhook_secret()
        row = self.store.rotate_secret(subscription_id, secret, overlap_seconds, actor)
        if row is None:
            raise NotFound(f"no webhook subscription with id {subscription_id}")
        return row, secret

    def replay(self, subscription_id: UUID, from_sequence: int, actor: str) -> int:
        """Deliver again from a sequence; who asked goes in the identity audit history."""
        if self.store.subscription(subscription_id) is None:
            raise NotFound(f"no webhook subscription with id {subscription_id}")
        if from_sequence < 1:
            raise invalid("from_sequence", "must be 1 or more")
        return self.store.replay(subscription_id, from_sequence, self.clock.now(), actor)


def webhook_type(source: str, event: dict[str, Any]) -> str | None:
    """The webhook event type of a feed event from `source`, or None when partners are not
    offered it (the feed's event types are the service's published types)."""
    language = WEBHOOK_LANGUAGES.get(source)
    kind = EVENT_TYPES.get(str(event.get("event_type")))
    if language is None or kind is None or kind not in language.types:
        return None
    if int(event.get("schema_version", 1)) != kind.version:
        return None
    return kind.name


CLOUDEVENTS_NAMESPACE = UUID("5b0b7e4e-8f2a-4d4f-9a57-3c1f0d2e6a11")


def cloud_event(source: str, event: dict[str, Any]) -> dict[str, Any]:
    """A feed event as the CloudEvents 1.0 structured event partners receive (api-v1.md
    "Webhooks"): `data` is the published payload, `dataschema` names its type and version.
    `id` is the event's own (the same for every subscription and every retry or replay),
    so a receiver can drop a duplicate."""
    kind = EVENT_TYPES[str(event["event_type"])]
    return {
        "specversion": "1.0",
        "id": str(
            uuid5(CLOUDEVENTS_NAMESPACE, f"{source}:{event['aggregate_id']}:{event['version']}")
        ),
        "source": f"/mtf/{source}",
        "type": kind.name,
        "time": event["timestamp"],
        "subject": str(event["aggregate_id"]),
        "datacontenttype": "application/json",
        "dataschema": kind.schema_id,
        "data": event["payload"],
    }


def webhook_body(record: dict[str, Any]) -> bytes:
    """The body delivered: the stored CloudEvent with the subscription's `sequence` (a
    CloudEvents extension attribute, also in X-MTF-Sequence). Deliveries recorded before
    the published language carry the internal record as `data` under a `v0` schema."""
    stored = dict(record["payload"])
    if stored.get("specversion") != "1.0":
        stored = {
            "specversion": "1.0",
            "id": str(record["id"]),
            "source": "/mtf",
            "type": record["event_type"],
            "time": record["occurred_at"].isoformat(),
            "subject": str(stored.get("id", "")),
            "datacontenttype": "application/json",
            "dataschema": f"urn:mtf:event:{record['event_type']}:v0",
            "data": stored,
        }
    stored["sequence"] = str(record["sequence"])
    return json.dumps(stored, separators=(",", ":"), sort_keys=True).encode()


def backoff(attempts: int) -> timedelta:
    """1 s, 2 s, 4 s ... up to 5 minutes between attempts."""
    return timedelta(seconds=min(2 ** max(attempts - 1, 0), 300))
