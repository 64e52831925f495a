"""Partners: API key scopes and webhook rules."""

from __future__ import annotations

from typing import Any

from mtf.billing.published import BILLING
from mtf.collections.published import COLLECTIONS
from mtf.contracts.published import CONTRACTS
from mtf.kernel.errors import ErrorList
from mtf.kernel.published import EventType, PublishedLanguage

# What each partner scope allows (docs/security.md, "Permissions and partner scopes"). Every
# key may read (offers, contracts, invoices, payments...) with client personal data masked;
# `personal-data` shows it in clear. No scope may erase a client or administer anything.
SCOPE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "read": ("audit:read",),
    "personal-data": ("pii:read",),
    "billing": ("audit:read", "billing:write", "payments:write", "collections:write"),
    "provisioning": ("audit:read", "provisioning:write", "clients:write", "contracts:write"),
}

# the services whose published events partners may subscribe to, and their languages
WEBHOOK_LANGUAGES: dict[str, PublishedLanguage] = {
    "contracts": CONTRACTS,
    "billing": BILLING,
    "collections": COLLECTIONS,
}
# webhook event types: the published types offered to partners, by service
EVENT_TYPES: dict[str, EventType[Any]] = {
    kind.name: kind for language in WEBHOOK_LANGUAGES.values() for kind in language.webhook_types()
}
KNOWN_TYPES = sorted(EVENT_TYPES)


def permissions_for(scopes: list[str]) -> list[str]:
    return sorted({p for s in scopes for p in SCOPE_PERMISSIONS[s]})


def check_api_key(name: str, scopes: list[str], errors: ErrorList) -> None:
    if not name.strip() or len(name) > 100:
        errors.add("name", "is required (at most 100 characters)")
    if not scopes:
        errors.add("scopes", f"choose at least one of {', '.join(SCOPE_PERMISSIONS)}")
    for scope in scopes:
        if scope not in SCOPE_PERMISSIONS:
            errors.add("scopes", f"{scope!r} is not one of {', '.join(SCOPE_PERMISSIONS)}")


def check_subscription(name: str, url: str, event_types: list[str], errors: ErrorList) -> None:
    if not name.strip() or len(name) > 100:
        errors.add("name", "is required (at most 100 characters)")
    # the URL itself: `mtf.identity.domain.webhook_targets`, applied with DNS by the
    # application (Partners.subscribe)
    if not event_types:
        errors.add("event_types", "choose at least one event type (or '*')")
    for event_type in event_types:
        if event_type != "*" and event_type not in KNOWN_TYPES:
            errors.add("event_types", f"{event_type!r} is not a known event type")
