"""Service identities: one Ed25519 key pair per service, and who may ask whom for what.

A service signs the tokens of its calls with its own private key; the service it calls
checks the signature with the caller's public key, that the token names it as the audience,
and that the permissions the token carries are ones `GRANTS` lets that caller ask of it.
Every process holds every public key but only the private keys of the services it runs: the
gateway holds the gateway's, so it cannot sign as billing (issue 11).

Environment: `MTF_SERVICE_KEY_<NAME>` (a private key: 32 bytes, URL-safe base64) and
`MTF_SERVICE_PUBLIC_KEY_<NAME>` (its public key, same encoding), for each name in
`SERVICE_NAMES`. The launcher generates a set into `.mtf/secrets.env` and hands each process
only its own private key; `mtf keys` prints a new set for a secrets store.

Rotation (docs/operations/key-rotation.md): `MTF_SERVICE_PUBLIC_KEY_<NAME>_PREVIOUS` is a
public key still accepted for that service's tokens while its processes move to a new pair
(`mtf keys next service NAME` prints the lines); a process's own private key may be the one
of either public key, so the new public key can be handed out before the new private key.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

SERVICE_NAMES: tuple[str, ...] = (
    "gateway",
    "identity",
    "catalog",
    "customer",
    "contracts",
    "billing",
    "collections",
)

# Internal permissions: the `/internal/*` routes, never held by an operator or a partner.
EVENTS = "internal:events"  # follow a service's event feed (GET /internal/events)
FEED_POLL = "internal:feeds:poll"  # ask a service to apply a feed now
CLIENTS = "internal:clients"  # the checkout's client and line provisioning
CLIENT_LOOKUP = "internal:clients:lookup"  # several clients at once, for invoice PDFs
KEY_VERIFY = "internal:api-keys:verify"  # exchange a partner API key

INTERNAL_PERMISSIONS: tuple[str, ...] = (EVENTS, FEED_POLL, CLIENTS, CLIENT_LOOKUP, KEY_VERIFY)

# target service -> calling service -> the permissions that caller may carry to it. A caller
# missing here may not call the target at all (a token with no permission still reads what
# any signed-in caller reads, masked personal data included). Each entry is a call the code
# makes; `tests/unit/test_service_keys.py` holds the table to the code.
GRANTS: dict[str, dict[str, frozenset[str]]] = {
    "identity": {
        "gateway": frozenset({KEY_VERIFY}),
    },
    "catalog": {
        "contracts": frozenset(),  # offers, for orders and the landing page
        "identity": frozenset({EVENTS}),  # webhooks
    },
    "customer": {
        # checkout: validate and register clients, provision lines, find a client by CIN,
        # erase (on an operator's behalf), nudge the customer's contracts feed
        "contracts": frozenset({"pii:read", "clients:erase", CLIENTS, FEED_POLL}),
        # invoices print the client's name and address; erasures re-render PDFs
        "billing": frozenset({"pii:read", CLIENT_LOOKUP, EVENTS}),
        # does this client exist; who pays by a statement line's CIN or ICE (ids only)
        "collections": frozenset({"pii:read", EVENTS}),  # erasures blank statement labels
        "identity": frozenset({EVENTS}),
    },
    "contracts": {
        "customer": frozenset({EVENTS}),  # lines, and erasure's contract counts
        "billing": frozenset({EVENTS}),  # the billable view
        "collections": frozenset({"contracts:write"}),  # dunning suspends and resumes
        "identity": frozenset({EVENTS}),
    },
    "billing": {
        "customer": frozenset({FEED_POLL}),  # apply an erasure to archived PDFs now
        "collections": frozenset({EVENTS}),  # receivables follow invoices
        "contracts": frozenset(),  # the landing page's invoices and PDFs
        "identity": frozenset({EVENTS}),
    },
    "collections": {
        "customer": frozenset(),  # a client's balance before erasure
        "billing": frozenset({EVENTS}),  # settlements
        "identity": frozenset({EVENTS}),
    },
    "gateway": {},
}


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str, what: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except ValueError as exc:
        raise RuntimeError(f"{what} is not URL-safe base64") from exc
    if len(raw) != 32:
        raise RuntimeError(f"{what} must be 32 bytes (URL-safe base64), not {len(raw)}")
    return raw


def private_name(service: str) -> str:
    return f"MTF_SERVICE_KEY_{service.upper()}"


def public_name(service: str) -> str:
    return f"MTF_SERVICE_PUBLIC_KEY_{service.upper()}"


def previous_public_name(service: str) -> str:
    return f"MTF_SERVICE_PUBLIC_KEY_{service.upper()}_PREVIOUS"


def public_text(key: Ed25519PublicKey) -> str:
    return _b64(key.public_bytes_raw())


def _public_text(key: Ed25519PrivateKey) -> str:
    return _b64(
        key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )


def _private_text(key: Ed25519PrivateKey) -> str:
    return _b64(
        key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
    )


@dataclass(frozen=True)
class ServiceKeys:
    """The private keys this process signs with, and every service's public key."""

    private: Mapping[str, Ed25519PrivateKey] = field(default_factory=dict)
    public: Mapping[str, Ed25519PublicKey] = field(default_factory=dict)
    # during a rotation: the public key each service is moving away from, still accepted
    previous: Mapping[str, Ed25519PublicKey] = field(default_factory=dict)

    def accepted(self, service: str) -> list[Ed25519PublicKey]:
        """The public keys a token of `service` may be signed with (current first)."""
        return [k for k in (self.public.get(service), self.previous.get(service)) if k]

    @classmethod
    def generate(cls, names: tuple[str, ...] = SERVICE_NAMES) -> ServiceKeys:
        private = {name: Ed25519PrivateKey.generate() for name in names}
        return cls(private, {name: key.public_key() for name, key in private.items()})

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ServiceKeys:
        private: dict[str, Ed25519PrivateKey] = {}
        public: dict[str, Ed25519PublicKey] = {}
        previous: dict[str, Ed25519PublicKey] = {}
        for name in SERVICE_NAMES:
            if text := env.get(previous_public_name(name), "").strip():
                previous[name] = Ed25519PublicKey.from_public_bytes(
                    _unb64(text, previous_public_name(name))
                )
            if text := env.get(private_name(name), "").strip():
                private[name] = Ed25519PrivateKey.from_private_bytes(
                    _unb64(text, private_name(name))
                )
            if text := env.get(public_name(name), "").strip():
                public[name] = Ed25519PublicKey.from_public_bytes(_unb64(text, public_name(name)))
        for name, key in private.items():
            derived = _public_text(key)
            # mid-rotation the private key may still be the previous pair's
            known = [public_text(k) for k in (public.get(name), previous.get(name)) if k]
            if known and derived not in known:
                raise RuntimeError(
                    f"{public_name(name)} is not the public key of {private_name(name)}"
                    + (f" (nor is {previous_public_name(name)})" if name in previous else "")
                )
            public.setdefault(name, key.public_key())
        return cls(private, public, previous)

    def env(self) -> dict[str, str]:
        """The environment variables that give these keys to another process."""
        out = {private_name(n): _private_text(k) for n, k in self.private.items()}
        out.update({public_name(n): _b64(k.public_bytes_raw()) for n, k in self.public.items()})
        out.update({previous_public_name(n): public_text(k) for n, k in self.previous.items()})
        return out

    def only(self, names: tuple[str, ...] | frozenset[str]) -> ServiceKeys:
        """The same public keys, and only these services' private keys."""
        return ServiceKeys(
            {n: k for n, k in self.private.items() if n in names}, self.public, self.previous
        )

    def signer(self, service: str) -> Ed25519PrivateKey:
        key = self.private.get(service)
        if key is None:
            raise RuntimeError(
                f"this process holds no private key for the {service} service "
                f"({private_name(service)} is not set)"
            )
        return key

    def missing(self, services: tuple[str, ...]) -> list[str]:
        """The variables these services need that are not set: their own private keys and
        every service's public key."""
        names = [private_name(s) for s in services if s not in self.private]
        names += [public_name(s) for s in SERVICE_NAMES if s not in self.public]
        return names


def process_env(env: Mapping[str, str], services: tuple[str, ...]) -> dict[str, str]:
    """`env` for a process that runs `services`: every other service's private key left out."""
    keep = {private_name(s) for s in services}
    return {k: v for k, v in env.items() if not k.startswith("MTF_SERVICE_KEY_") or k in keep}
