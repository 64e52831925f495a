"""Amounts written out in French words, as a Moroccan invoice states its total ("Arrêtée la
présente facture à la somme de : deux cent trente-sept dirhams et soixante centimes TTC").

The numbers come from num2words (traditional French spelling: "quatre-vingts", "deux cents",
"soixante et onze"); what it does not do is here: the currency's name in the singular or the
plural, "de" after a round million ("un million de dirhams"), the cents."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words

# currency -> (unit, units, hundredth, hundredths)
CURRENCY_WORDS: dict[str, tuple[str, str, str, str]] = {
    "MAD": ("dirham", "dirhams", "centime", "centimes"),
    "EUR": ("euro", "euros", "centime", "centimes"),
}


def _count(number: int, singular: str, plural: str) -> str:
    words = num2words(number, lang="fr")
    # "un million de dirhams", "deux milliards de dirhams", but "un million cent dirhams"
    joiner = " de " if words.endswith(("million", "millions", "milliard", "milliards")) else " "
    return f"{words}{joiner}{singular if number < 2 else plural}"


def amount_in_words(amount: Decimal | str, currency: str = "MAD") -> str:
    """`237.60` -> "deux cent trente-sept dirhams et soixante centimes"; `0.01` -> "un
    centime"; `1.00` -> "un dirham"; `0` -> "zéro dirham"."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value < 0:
        return "moins " + amount_in_words(-value, currency)
    unit, units, cent, cents = CURRENCY_WORDS.get(
        currency, (currency, currency, "centime", "centimes")
    )
    whole = int(value)
    hundredths = int((value - whole) * 100)
    if whole and hundredths:
        return f"{_count(whole, unit, units)} et {_count(hundredths, cent, cents)}"
    if hundredths:
        return _count(hundredths, cent, cents)
    return _count(whole, unit, units)
