"""Business clients (domain-rules.md, Customer; issue 15): kind, company name, ICE (15
digits, unique), IF, RC and a contact person; individuals as before (the default kind)."""

from __future__ import annotations

import json
import uuid
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtf.customer.application.commands import ChangeClient, RegisterClient
from mtf.customer.application.ports import ContractCounts
from mtf.customer.application.use_cases import ClientCommands
from mtf.customer.domain.client import Client, check_client
from mtf.kernel.crypto import KeyedHash
from mtf.kernel.errors import AlreadyExists, ValidationFailed
from tests.unit.fakes import FixedClock

TODAY = date(2026, 11, 27)
CONTACT = {"first_name": "Salma", "last_name": "Berrada", "phone": "0522334455"}
BUSINESS = {
    "kind": "business",
    "company_name": "Atlas  Logistique SARL ",
    "ice": "001234567000089",
    "tax_id": "12345678",
    "trade_register": "Casablanca 123456",
    **CONTACT,
}


def refused(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as excinfo:
        check_client(data, today=TODAY, prefix="new_client.")
    return {e.field: e.message for e in excinfo.value.errors}


def test_a_business_is_its_company_and_a_contact_person_without_cin() -> None:
    kind, company, contact = check_client(BUSINESS, today=TODAY)
    assert kind == "business"
    assert company == {
        "company_name": "Atlas Logistique SARL",
        "ice": "001234567000089",
        "tax_id": "12345678",
        "trade_register": "Casablanca 123456",
    }
    # the contact's data is personal data (sealed by the vault); the company's is not
    assert contact == CONTACT
    _, _, with_cin = check_client({**BUSINESS, "cin": "be 123"}, today=TODAY)
    assert with_cin["cin"] == "BE123"
    assert set(refused({**BUSINESS, "cin": ""})) == {"new_client.cin"}


def test_individuals_are_the_default_kind_and_keep_their_rules() -> None:
    person = {
        "first_name": "Fatima",
        "last_name": "Zahra",
        "cin": "BE123456",
        "phone": "0612345678",
    }
    assert check_client(person, today=TODAY)[:2] == ("individual", None)
    assert check_client({**person, "kind": "individual"}, today=TODAY)[0] == "individual"
    assert refused({**person, "cin": None}) == {"new_client.cin": "is required"}
    assert refused({**person, "ice": "001234567000089"}) == {
        "new_client.ice": "is only for a business client (kind business)"
    }


@pytest.mark.parametrize(
    "ice",
    [
        "00123456700008",
        "0012345670000899",
        "00123456700008A",
        " 001234567000089",
        "١٢٣٤٥٦٧٨٩٠١٢٣٤٥",
    ],
)
def test_an_ice_is_exactly_fifteen_digits(ice: str) -> None:
    assert refused({**BUSINESS, "ice": ice}) == {
        "new_client.ice": "must be the company's ICE: 15 digits"
    }


@given(st.text("0123456789", min_size=15, max_size=15))
def test_any_fifteen_digits_are_an_ice(ice: str) -> None:
    assert check_client({**BUSINESS, "ice": ice}, today=TODAY)[1]["ice"] == ice  # type: ignore[index]


def test_every_missing_or_bad_field_of_a_business_is_named_at_once() -> None:
    errors = refused({"kind": "business", "tax_id": "12-34", "first_name": "Salma"})
    assert errors == {
        "new_client.company_name": "is required for a business client",
        "new_client.ice": "is required for a business client",
        "new_client.tax_id": "must be the company's IF: 1 to 15 digits",
        "new_client.trade_register": "is required for a business client",
        "new_client.last_name": "is required",
        "new_client.phone": "is required",
    }
    assert refused({**BUSINESS, "kind": "company"}) == {
        "new_client.kind": "must be one of individual, business"
    }
    assert "new_client.company_name" in refused({**BUSINESS, "company_name": "x" * 121})


# ---- uniqueness (the registry decides) and what is sealed -----------------------------------


class Store:
    def __init__(self) -> None:
        self.clients: dict[UUID, Client] = {}

    def get(self, client_id: UUID) -> Client:
        return self.clients[client_id]

    def exists(self, client_id: UUID) -> bool:
        return client_id in self.clients

    def save(self, client: Client) -> None:
        client.collect_events()
        self.clients[client.id] = client


class Vault:
    def ensure_key(self, client_id: UUID) -> None:
        pass

    def seal(self, client_id: UUID, data: dict[str, Any]) -> str:
        return "sealed:" + json.dumps(data)[::-1]

    def open(self, client_id: UUID, sealed: str) -> dict[str, Any] | None:
        return json.loads(sealed.removeprefix("sealed:")[::-1]) if sealed else None


class Registry:
    def __init__(self) -> None:
        self.held: dict[str, UUID] = {}

    def reserve(self, key: str, client_id: UUID) -> UUID:
        return self.held.setdefault(key, client_id)

    def reassign(self, key: str, client_id: UUID) -> None:
        self.held[key] = client_id

    def holder(self, key: str) -> UUID | None:
        return self.held.get(key)


class Nothing:
    def counts(self, client_id: UUID) -> ContractCounts:
        return ContractCounts(current=0, ever=0)

    def amount_due(self, client_id: UUID) -> Decimal:
        return Decimal("0")

    def catch_up(self) -> int:
        return 0


def commands() -> tuple[ClientCommands, Store, Registry]:
    store, ices = Store(), Registry()
    nothing = Nothing()
    return (
        ClientCommands(
            store,
            Vault(),
            Registry(),
            KeyedHash("k" * 32),
            nothing,
            nothing,
            FixedClock(TODAY),
            nothing,
            ices=ices,
        ),
        store,
        ices,
    )


def test_an_ice_is_unique_and_a_duplicate_names_the_field() -> None:
    cmd, store, ices = commands()
    first = cmd.register(RegisterClient(**BUSINESS), "op")
    with pytest.raises(AlreadyExists) as excinfo:
        cmd.register(
            RegisterClient(**{**BUSINESS, "company_name": "Autre SA"}), "op", prefix="new_client."
        )
    assert [e.field for e in excinfo.value.errors] == ["new_client.ice"]
    assert list(store.clients) == [first] and ices.held == {BUSINESS["ice"]: first}
    # a retried registration with the same id is the same client
    assert cmd.register(RegisterClient(**BUSINESS), "op", client_id=first) == first
    # one person may represent several companies: the representative's CIN is not unique
    other = cmd.register(
        RegisterClient(**{**BUSINESS, "ice": "009876543000012", "cin": "BE1"}), "op"
    )
    again = cmd.register(
        RegisterClient(**{**BUSINESS, "ice": "009876543000013", "cin": "BE1"}), "op"
    )
    assert len({first, other, again}) == 3


def test_the_company_is_kept_in_clear_the_contact_sealed_and_erasure_keeps_the_company() -> None:
    cmd, store, _ = commands()
    client_id = cmd.register(RegisterClient(**BUSINESS), "op")
    client = store.get(client_id)
    assert client.kind == "business" and client.company["ice"] == BUSINESS["ice"]  # type: ignore[index]
    assert "Salma" not in client.sealed_personal and client.cin_hash == ""
    cmd.update(
        client_id, ChangeClient(company_name="Atlas Logistique SA", phone="0611223344"), "op"
    )
    assert store.get(client_id).company["company_name"] == "Atlas Logistique SA"  # type: ignore[index]
    with pytest.raises(ValidationFailed) as excinfo:
        cmd.update(client_id, ChangeClient(ice="009876543000012"), "op")
    assert excinfo.value.errors[0].field == "ice"
    assert cmd.delete(client_id, "op") == "removed"
    erased = store.get(client_id)
    assert erased.erased and erased.sealed_personal == ""
    assert erased.company["ice"] == BUSINESS["ice"]  # type: ignore[index]


def test_an_individual_cannot_be_given_a_company() -> None:
    cmd, _, _ = commands()
    person = cmd.register(
        RegisterClient(first_name="Fatima", last_name="Zahra", cin="BE123456", phone="0612345678"),
        "op",
    )
    with pytest.raises(ValidationFailed) as excinfo:
        cmd.update(person, ChangeClient(company_name="Atlas"), "op")
    assert excinfo.value.errors[0].field == "company_name"


def test_old_registered_events_are_individuals() -> None:
    client = Client(client_id=uuid.uuid4(), sealed_personal="s", cin_hash="h", actor="op")
    assert client.kind == "individual" and client.company is None
