"""The customer's typed commands: what the use cases take (the HTTP adapter hands its
documented request bodies over as these; the domain's rules then check the values, in
`mtf.customer.domain.client`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from mtf.kernel.client_registration import ClientRegistration


def _present(command: msgspec.Struct) -> dict[str, Any]:
    return {k: v for k, v in msgspec.structs.asdict(command).items() if v is not None}


# a client to register: one definition, shared with the APIs that document it
RegisterClient = ClientRegistration


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
