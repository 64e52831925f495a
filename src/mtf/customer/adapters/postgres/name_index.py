"""The blind index of client names and phone numbers: each normalised name word as a keyed hash (HMAC-SHA256
under a key derived from `MTF_CIN_HASH_KEY`), so the read model can find a client by a
whole word of their name without holding the name in clear."""

from __future__ import annotations

import hashlib
import hmac

from mtf.customer.domain.client import name_tokens
from mtf.kernel.crypto import KeyedHash

# 128 bits of each HMAC: collisions are negligible, and the index stays compact
TOKEN_HEX = 32


class NameIndex:
    def __init__(self, cin_hash_key: str) -> None:
        # a key of its own, derived from the CIN hash key (a name hash never equals a CIN hash)
        self._key = bytes.fromhex(KeyedHash(cin_hash_key)("mtf:name-index:v1"))

    def token(self, word: str) -> str:
        return hmac.new(self._key, word.encode(), hashlib.sha256).hexdigest()[:TOKEN_HEX]

    def of_name(self, *names: str | None) -> list[str]:
        """The index entries of a client's names (sorted, each once)."""
        return sorted({self.token(t) for t in name_tokens(*names)})

    def of_phone(self, phone: str | None) -> str | None:
        """The index entry of a normalised phone number ("0612345678"); a name word never
        holds ":", so it never equals one."""
        return self.token(f"tel:{phone}") if phone else None

    def of_query(self, query: str) -> list[str]:
        """The entries a search must all find (every word of the query)."""
        return self.of_name(query)
