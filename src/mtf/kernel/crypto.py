"""Personal data at rest: envelope encryption and a keyed hash for exact lookups.

Each client's personal data is sealed (AES-256-GCM) with a data key of its own; that key is
stored wrapped by the master key (MTF_PII_KEY, from the environment). Erasing a client
destroys its data key, which makes every copy of its personal data unreadable, including
the ones inside past events ("crypto-shredding"), while the events themselves stay.
The CIN is also kept as an HMAC-SHA256 under MTF_CIN_HASH_KEY for exact, unique lookup."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from typing import Any

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


class MasterKey:
    def __init__(self, setting: str) -> None:
        if not setting:
            raise RuntimeError("MTF_PII_KEY is not set")
        self._sealer = Sealer(_key_from_setting(setting, "pii"))

    def new_wrapped_data_key(self, owner: str) -> str:
        return self._sealer.seal(AESGCM.generate_key(bit_length=256), owner)

    def unwrap(self, wrapped: str, owner: str) -> Sealer:
        return Sealer(self._sealer.open(wrapped, owner))


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
