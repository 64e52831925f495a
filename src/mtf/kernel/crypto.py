"""Personal data at rest: envelope encryption and a keyed hash for exact lookups.

Each client's personal data is sealed (AES-256-GCM) with a data key of its own; that key is
stored wrapped by the master key (MTF_PII_KEY, from the environment). Erasing a client
destroys its data key, which makes every copy of its personal data unreadable, including
the ones inside past events ("crypto-shredding"), while the events themselves stay.
The CIN is also kept as an HMAC-SHA256 under MTF_CIN_HASH_KEY for exact, unique lookup.

Rotation (docs/operations/key-rotation.md): a process holds the current master key
(MTF_PII_KEY) and, during a rotation, the previous one (MTF_PII_KEY_PREVIOUS). Each wrapped
data key is stored with the id of the master key that wrapped it (`key_id`, a keyed
fingerprint that tells nothing of the key), so a process opens it with the right one, and
`mtf keys rotate pii` re-wraps the data keys still under the previous one. The data keys
themselves never change: what they sealed stays readable throughout."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_NONCE = 12


def _key_from_setting(value: str, name: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except ValueError:
        raw = b""
    if len(raw) != 32:
        # any other string (a passphrase) is stretched to 32 bytes
        raw = hashlib.sha256(f"{name}:{value}".encode()).digest()
    return raw


def new_master_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


class Sealer:
    """AES-GCM with one key; associated data binds a ciphertext to its owner."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, plaintext: bytes, owner: str) -> str:
        nonce = os.urandom(_NONCE)
        box = self._aead.encrypt(nonce, plaintext, owner.encode())
        return base64.urlsafe_b64encode(nonce + box).decode()

    def open(self, sealed: str, owner: str) -> bytes:
        raw = base64.urlsafe_b64decode(sealed.encode())
        return self._aead.decrypt(raw[:_NONCE], raw[_NONCE:], owner.encode())


def key_id(key: bytes) -> str:
    """A master key's public name: 16 hex digits of an HMAC under the key of a fixed label
    (it identifies the key and reveals nothing about it)."""
    return hmac.new(key, b"mtf:pii-master-key-id", hashlib.sha256).hexdigest()[:16]


class UnknownMasterKey(RuntimeError):
    """A data key wrapped by a master key this process does not hold."""


class MasterKey:
    """The current master key (it wraps every new data key) and, during a rotation, the
    previous one (it still opens the data keys not yet re-wrapped)."""

    def __init__(self, setting: str, previous: str = "") -> None:
        if not setting:
            raise RuntimeError("MTF_PII_KEY is not set")
        current = _key_from_setting(setting, "pii")
        self.key_id = key_id(current)
        self._sealers: dict[str, Sealer] = {self.key_id: Sealer(current)}
        self.previous_id: str | None = None
        if previous:
            old = _key_from_setting(previous, "pii")
            if key_id(old) != self.key_id:
                self.previous_id = key_id(old)
                self._sealers[self.previous_id] = Sealer(old)

    @property
    def _sealer(self) -> Sealer:
        return self._sealers[self.key_id]

    def holds(self, wrapped_by: str | None) -> bool:
        return wrapped_by is None or wrapped_by in self._sealers

    def new_wrapped_data_key(self, owner: str) -> str:
        """A new data key, wrapped by the current master key (stored with `key_id`)."""
        return self._sealer.seal(AESGCM.generate_key(bit_length=256), owner)

    def _data_key(self, wrapped: str, owner: str, wrapped_by: str | None) -> bytes:
        if wrapped_by is not None:
            sealer = self._sealers.get(wrapped_by)
            if sealer is None:
                held = ", ".join(self._sealers)
                raise UnknownMasterKey(
                    f"this data key is wrapped by master key {wrapped_by}; this process holds "
                    f"{held} (set MTF_PII_KEY_PREVIOUS to the key being rotated out)"
                )
            return sealer.open(wrapped, owner)
        # stored before key ids were recorded: the current key first, then the previous
        ordered = [self.key_id, *([self.previous_id] if self.previous_id else [])]
        for name in ordered[:-1]:
            try:
                return self._sealers[name].open(wrapped, owner)
            except InvalidTag:
                continue
        return self._sealers[ordered[-1]].open(wrapped, owner)

    def unwrap(self, wrapped: str, owner: str, wrapped_by: str | None = None) -> Sealer:
        """The data key's sealer; `wrapped_by` is the stored key id (None: unknown, try the
        current then the previous key). InvalidTag when no key held opens it."""
        return Sealer(self._data_key(wrapped, owner, wrapped_by))

    def rewrap(self, wrapped: str, owner: str, wrapped_by: str | None) -> str:
        """The same data key, wrapped by the current master key."""
        return self._sealer.seal(self._data_key(wrapped, owner, wrapped_by), owner)


def seal_json(sealer: Sealer, data: dict[str, Any], owner: str) -> str:
    return sealer.seal(json.dumps(data, sort_keys=True, separators=(",", ":")).encode(), owner)


def open_json(sealer: Sealer, sealed: str, owner: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(sealer.open(sealed, owner))
    return data


class KeyedHash:
    def __init__(self, setting: str) -> None:
        if not setting:
            raise RuntimeError("MTF_CIN_HASH_KEY is not set")
        self._key = _key_from_setting(setting, "cin")

    def __call__(self, value: str) -> str:
        return hmac.new(self._key, value.encode(), hashlib.sha256).hexdigest()
