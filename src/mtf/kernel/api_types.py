"""What a request's text fields must hold, stated in the OpenAPI documents (issue 12: a
schema-valid request is accepted). The domain keeps validating and answering each rule with
its own message; these types only document the same rules, built from the rules' own
definitions (`kernel.rules`, `kernel.money`), so a partner's generator or validator knows
them. Litestar copies `extra_json_schema["extra"]` into the field's schema."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

import msgspec
from litestar.openapi.spec import OpenAPIFormat, Schema

from mtf.kernel.money import DEFAULT_MAX_AMOUNT

# every character Python's str.strip() removes (what the domain trims): a text made only of
# these is blank, whatever a regex engine's idea of `\s` is
BLANKS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_BLANK_CLASS = "".join(f"\\u{ord(c):04x}" for c in BLANKS)
# some character that is neither blank nor NUL; no NUL anywhere (PostgreSQL refuses it)
NON_BLANK = f"^[^\\u0000]*[^{_BLANK_CLASS}\\u0000][^\\u0000]*$"
# the separators a typed phone number or CIN may hold (removed before the rule is checked)
_PHONE_SEP = r"[ \t.()\-]*"


def _amount_pattern(maximum_integer_digits: int, top: str | None) -> str:
    """A plain decimal between 0.01 and the bound: digits, at most 2 decimals, no sign or
    exponent; leading zeros allowed (the money rule reads "007.50" as 7.50)."""
    most = f"0*[1-9][0-9]{{0,{maximum_integer_digits - 1}}}(\\.[0-9]{{1,2}})?"
    cents = "0+\\.([0-9][1-9]|[1-9]0?)"
    parts = [most, cents] + ([f"0*{top}(\\.0{{1,2}})?"] if top else [])
    return "^(" + "|".join(parts) + ")$"


def text(max_length: int, *, example: str | None = None) -> Any:
    """Required text: not blank, at most `max_length` characters once trimmed."""
    extra: dict[str, Any] = {"extra": {"pattern": NON_BLANK, "max_length": max_length}}
    if example is not None:
        extra["examples"] = [example]
    return Annotated[str, msgspec.Meta(extra_json_schema=extra)]


def pattern(regex: str, *, example: str, max_length: int | None = None) -> Any:
    extra: dict[str, Any] = {"pattern": regex}
    if max_length is not None:
        extra["max_length"] = max_length
    return Annotated[str, msgspec.Meta(extra_json_schema={"extra": extra, "examples": [example]})]


# a reason for a change (`kernel.rules.check_reason`)
Reason = text(500, example="client request")

# money inputs (`kernel.money.parse_amount`): 0.01 to MTF_MAX_AMOUNT (the document states the
# default, 100,000,000.00); 15 characters at most (12 digits, the dot, 2 decimals)
_TOP = format(DEFAULT_MAX_AMOUNT.to_integral_value(), "f")
Amount = pattern(_amount_pattern(len(_TOP) - 1, _TOP), example="199.00", max_length=15)
# an offer's monthly fee: more than 0, less than 1,000,000.00 (`catalog.domain.rules`)
MonthlyFee = pattern(_amount_pattern(6, None), example="99.00", max_length=15)
# a billing month
Period = pattern(r"^[0-9]{4}-(0[1-9]|1[0-2])$", example="2026-11")
# a CIN as typed: one or two letters then 1 to 6 digits, case and spaces free
# (`kernel.rules.normalise_cin`, `CIN_RE`)
Cin = pattern(r"^\s*[A-Za-z](\s*[A-Za-z])?(\s*[0-9]){1,6}\s*$", example="BE123456")
# a Moroccan number as typed (`customer.domain.client.PHONE_RE`, separators removed first)
_PREFIXES = "|".join(_PHONE_SEP.join(re.escape(c) for c in p) for p in ("+212", "00212", "0"))
PHONE_PATTERN = f"^{_PHONE_SEP}({_PREFIXES}){_PHONE_SEP}[5-7]({_PHONE_SEP}[0-9]){{8}}{_PHONE_SEP}$"
Phone = pattern(PHONE_PATTERN, example="0612345678")
# an offer code as typed (`catalog.domain.rules.CODE_RE`, trimmed and upper-cased first)
OfferCode = pattern(r"^\s*[A-Za-z0-9][A-Za-z0-9_\-]{1,31}\s*$", example="MOB-50G")
# optional personal text: empty means "none"
Email = pattern(r"^(|\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*)$", example="amina@example.ma", max_length=254)


def secret(max_length: int) -> Any:
    """A password or key: at least one character, no NUL."""
    return Annotated[
        str,
        msgspec.Meta(
            extra_json_schema={
                "extra": {"pattern": "^[^\\u0000]*$", "min_length": 1, "max_length": max_length}
            }
        ),
    ]


def username(max_length: int) -> Any:
    """A sign-in name: not blank, no control character."""
    controls = "\\u0000-\\u001f"
    regex = f"^[^{controls}]*[^{_BLANK_CLASS}{controls}][^{controls}]*$"
    return Annotated[
        str,
        msgspec.Meta(
            extra_json_schema={
                "extra": {"pattern": regex, "max_length": max_length},
                "examples": ["admin"],
            }
        ),
    ]


def at_least_one(item: Any) -> Any:
    """A list that must name at least one item."""
    return Annotated[list[item], msgspec.Meta(extra_json_schema={"extra": {"min_items": 1}})]


# personal data as typed (`customer.domain.client.check_personal_data`), for the customer
# API and the checkouts that register a client
Name = text(80, example="Amina")
LastName = text(80, example="Benali")
OptionalText80 = Annotated[str, msgspec.Meta(extra_json_schema={"extra": {"max_length": 80}})]
Address = Annotated[str, msgspec.Meta(extra_json_schema={"extra": {"max_length": 200}})]
# a date such as 1990-05-17, in the past and after 1900; empty means none
BirthDate = Annotated[
    str,
    msgspec.Meta(
        extra_json_schema={
            "extra": {"any_of": [Schema(format=OpenAPIFormat.DATE), Schema(const="")]},
            "examples": ["1990-05-17"],
        }
    ),
]
# in a change, an empty phone leaves it as it is
OptionalPhone = Annotated[
    str,
    msgspec.Meta(
        extra_json_schema={
            "extra": {"pattern": "^$|" + PHONE_PATTERN},
            "examples": ["0612345678"],
        }
    ),
]
# the CIN identifies the person: a change never names it (refused with 422)
NoCin = Annotated[
    str,
    msgspec.Meta(
        extra_json_schema={
            "description": "Cannot be changed: register the right person instead",
            "extra": {"schema_not": Schema()},
        }
    ),
]


# a business's identity as typed (`customer.domain.client.check_company`)
Ice = pattern(r"^[0-9]{15}$", example="001234567000089")
TaxId = pattern(r"^[0-9]{1,15}$", example="12345678")
CompanyName = text(120, example="Atlas Logistique SARL")
TradeRegister = text(40, example="Casablanca 123456")
OptionalCompanyName = Annotated[str, msgspec.Meta(extra_json_schema={"extra": {"max_length": 120}})]
OptionalTaxId = pattern(r"^$|^[0-9]{1,15}$", example="12345678")
OptionalTradeRegister = Annotated[
    str, msgspec.Meta(extra_json_schema={"extra": {"max_length": 40}})
]
NoIce = Annotated[
    str,
    msgspec.Meta(
        extra_json_schema={
            "description": "Cannot be changed: register the right company instead",
            "extra": {"schema_not": Schema()},
        }
    ),
]

ClientKind = Literal["individual", "business"]

COMPANY_PROPERTIES = ("company_name", "ice", "tax_id", "trade_register")


# a business as the examples show it (its contact person's data with it)
BUSINESS_EXAMPLE: dict[str, Any] = {
    "kind": "business",
    "company_name": "Atlas Logistique SARL",
    "ice": "001234567000089",
    "tax_id": "12345678",
    "trade_register": "Casablanca 123456",
    "first_name": "Salma",
    "last_name": "Berrada",
    "phone": "0522334455",
    "email": "contact@atlas-logistique.ma",
}


def kinds_of_client(
    required_individual: tuple[str, ...], *, individual: dict[str, Any]
) -> dict[str, Any]:
    """`kind` decides the shape (stated in the document): an individual (the default) names
    the person and no company; a business names the company (name, ICE, IF, RC) and its
    contact person (first name, last name, phone; the representative's CIN optional).
    `if`/`then`/`else` under `allOf`: validators apply it, client generators keep one object
    type. A given value is `{"type": "string"}` (every such field is text)."""
    given = {"type": "string"}
    return {
        "examples": [individual, BUSINESS_EXAMPLE],
        "allOf": [
            {
                "if": {"required": ["kind"], "properties": {"kind": {"const": "business"}}},
                "then": {
                    "required": list(COMPANY_PROPERTIES),
                    "properties": {name: given for name in COMPANY_PROPERTIES},
                },
                "else": {
                    "required": [n for n in required_individual if n == "cin"],
                    "properties": {
                        "cin": given,
                        **{name: {"type": "null"} for name in COMPANY_PROPERTIES},
                    },
                },
            }
        ],
    }
