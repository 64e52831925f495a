"""Which service owns which public path."""

from __future__ import annotations

PUBLIC_API_PATHS = (
    "/api/v1/auth/token",
    "/api/v1/self-service/sessions",
    "/api/v1/asyncapi.json",
)

PREFIX_OWNERS: dict[str, str] = {
    "auth": "identity",
    "api-keys": "identity",
    "webhooks": "identity",
    "asyncapi.json": "identity",
    "offers": "catalog",
    "clients": "customer",
    "subscribers": "customer",
    "contracts": "contracts",
    "provisioning": "contracts",
    "imports": "contracts",
    "self-service": "contracts",
    "bill-runs": "billing",
    "invoices": "billing",
    "credit-notes": "billing",
    "analytics": "billing",
    "payments": "collections",
    "collections": "collections",
}

AUDIT_OWNERS: dict[str, str] = {
    "offer": "catalog",
    "client": "customer",
    "subscriber": "customer",
    "contract": "contracts",
    "order": "contracts",
    "bill-run": "billing",
    "invoice": "billing",
    "credit-note": "billing",
    "journal": "billing",  # GET /api/v1/audit/journal?series=FAC-2026
    "payment": "collections",
    "case": "collections",
    "api-key": "identity",
    "webhook-subscription": "identity",
    "operator": "identity",
}


def owner_of(path: str) -> str | None:
    """The service owning an /api/v1 path (path without the /api/v1 prefix), or None."""
    parts = [p for p in path.split("/") if p]
    if not parts:
        return None
    head = parts[0]
    if head == "audit":
        return AUDIT_OWNERS.get(parts[1]) if len(parts) > 1 else None
    if head == "clients" and len(parts) >= 3 and parts[2] == "balance":
        return "collections"
    return PREFIX_OWNERS.get(head)
