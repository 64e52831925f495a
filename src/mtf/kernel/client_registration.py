"""The client a registration names, as the customer API takes it and a checkout carries it
(issue 12: each rule once). The documented constraints come from `kernel.api_types`; the
rules themselves stay in `mtf.customer.domain.client`."""

from __future__ import annotations

from typing import Any

import msgspec

from mtf.kernel.api_types import (
    Address,
    BirthDate,
    Cin,
    ClientKind,
    CompanyName,
    Email,
    Ice,
    LastName,
    Name,
    OptionalText80,
    Phone,
    TaxId,
    TradeRegister,
)


class ClientRegistration(msgspec.Struct, forbid_unknown_fields=True):
    """A client to register, as the customer API takes it (`POST /api/v1/clients`) and a
    checkout carries it (`new_client`): an individual (`kind` absent or `individual`:
    first name, last name, CIN, phone) or a business (`kind: business`: company name, ICE,
    IF, RC and a contact person's first name, last name and phone; the representative's CIN
    optional). One definition: each API documents it under its own name (a subclass with its
    description and examples); the customer's use case takes it as its command."""

    first_name: Name
    last_name: LastName
    phone: Phone
    cin: Cin | None = None
    email: Email | None = None
    address: Address | None = None
    city: OptionalText80 | None = None
    birth_date: BirthDate | None = None
    kind: ClientKind | None = None
    company_name: CompanyName | None = None
    ice: Ice | None = None
    tax_id: TaxId | None = None
    trade_register: TradeRegister | None = None

    def given(self) -> dict[str, Any]:
        """The fields given (absent ones left out), as the domain's rules check them."""
        return {k: v for k, v in msgspec.structs.asdict(self).items() if v is not None}
