"""The blind index of client names: what counts as the same word, and what the index hides."""

from __future__ import annotations

from mtf.customer.adapters.postgres.name_index import NameIndex
from mtf.customer.domain.client import name_tokens
from mtf.kernel.crypto import KeyedHash


def test_words_are_compared_without_case_or_accents_and_split_at_punctuation() -> None:
    assert name_tokens("Élodie-Anne", "BÉNALI  d'Ouezzane") == [
        "anne",
        "benali",
        "d",
        "elodie",
        "ouezzane",
    ]
    assert name_tokens("Ğül", None, "") == ["gul"]
    # Arabic: the short vowels (harakat) are marks and are ignored
    assert name_tokens("مُحَمَّد") == name_tokens("محمد") == ["محمد"]
    assert name_tokens("  ", "-") == []


def test_the_index_holds_keyed_hashes_that_a_query_finds_word_for_word() -> None:
    index = NameIndex("a-cin-hash-key")
    entries = index.of_name("Karim", "Bénali")
    assert len(entries) == 2 and all(len(e) == 32 for e in entries)
    assert not any("karim" in e or "benali" in e for e in entries)
    assert set(index.of_query("benali KARIM")) == set(entries)
    assert set(index.of_query("ben")).isdisjoint(entries)  # no substring search
    # another key, another index; and never a CIN hash under the same key
    assert NameIndex("another-key").of_name("Karim", "Bénali") != entries
    assert KeyedHash("a-cin-hash-key")("karim")[:32] not in entries
