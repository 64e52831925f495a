"""The customer's typed commands: what the use cases take (the HTTP adapter converts its
documented request bodies into these; the domain's rules then check the values).

Field names are the published API's; the types are plain (the documents' constraints live
on the request bodies, the rules in `mtf.customer.domain.client`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec


def _present(command: msgspec.Struct) -> dict[str, Any]:
    return {k: v for k, v in msgspec.structs.asdict(command).items() if v is not None}


class RegisterClient(msgspec.Struct, frozen=True, kw_only=True):
    """An individual (first name, last name, CIN, phone) or a business (`kind` business:
    company name, ICE, IF, RC and a contact person; the representative's CIN optional)."""

    first_name: str
    last_name: str
    phone: str
    cin: str | None = None
    email: str | None = None
    address: str | None = None
    city: str | None = None
    birth_date: date | str | None = None
    kind: str | None = None
    company_name: str | None = None
    ice: str | None = None
    tax_id: str | None = None
    trade_register: str | None = None

    def given(self) -> dict[str, Any]:
        """The fields given (absent ones left out), as the domain's rules check them."""
        return _present(self)


class ChangeClient(msgspec.Struct, frozen=True, kw_only=True):
    """The details to change; an absent field is left as it is, an empty name or phone
    too, an empty e-mail, address, city or birth date removes it. `cin` and `ice` are
    carried only to be refused with a clear message."""

    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    city: str | None = None
    birth_date: date | str | None = None
    cin: str | None = None
    company_name: str | None = None
    tax_id: str | None = None
    trade_register: str | None = None
    ice: str | None = None

    def given(self) -> dict[str, Any]:
        return _present(self)
