"""`mtf seed --volume N`: an operator of realistic shape, for the benchmarks (issue 13).

300 offers (some with 2-3 versions, some retired), N clients with 1.3 lines each, six months
of activations, plan changes, suspensions and terminations, six monthly bill runs issued by
the real `BillRunner`, payments for most invoices (some partial, a few overpaid giving
credit, a few reversed), and one collections run at the end over what stays overdue.

Everything an auditor replays goes through the services' own domain code and event stores:
aggregates are built in-process (`Offer`, `Client` with personal data sealed under its own
key, `Contract` via `start_contract`, `Invoice` by the bill run, `Payment` with `allocate`
against the open invoices read from the settlements ledger) and saved a few hundred at a time
through the event stores (billing's and collections' stores move their ledgers in the same
transactions). The projections and the feed followers then catch up as the worker would:
the followers are the services' own (same names, same handlers), reading the source's
published events in-process instead of over HTTP. Only plain tables with no events behind
them (the customer's data keys, CIN registry and lines) are loaded in bulk.

Dates derive from `as_of` (default: the first of the current month): the six months before
it are activated and billed (the last run is issued on `as_of`). A fixed random seed makes
the dataset reproducible (ciphertexts and event timestamps aside)."""

from __future__ import annotations

import calendar
import random
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar, cast
from uuid import UUID

import msgspec
from sqlalchemy import Engine, text
from sqlalchemy.dialects.postgresql import insert

from mtf.kernel.clock import Clock
from mtf.kernel.eventstore import ServiceEventStore
from mtf.kernel.feed import FeedEvent, FeedPage, _aggregate_type_of_topic
from mtf.kernel.follower import FeedFollower
from mtf.kernel.service_client import ServiceClient
from mtf.kernel.settings import Settings

ACTOR = "system:volume-seed"
BATCH = 500
T = TypeVar("T")


# --------------------------------------------------------------------------- plumbing


class FixedClock:
    """The business date the seed is at (set as it moves through the months)."""

    def __init__(self, today: date) -> None:
        self.day = today

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.day


class LocalFeed:
    """A service's published feed read in-process: the page `/internal/events` would answer
    (the same published language, the same JSON), for the services' own followers."""

    def __init__(self, store: ServiceEventStore) -> None:
        self.store = store

    def get(self, path: str, params: dict[str, Any] | None = None, **_: Any) -> Any:
        assert path == "/internal/events"
        after = int((params or {}).get("after", 0))
        limit = int((params or {}).get("limit", 200))
        store = self.store
        notifications = store.recorder.select_notifications(
            start=after, limit=limit, inclusive_of_start=False
        )
        items = []
        for notification in notifications:
            aggregate_type = _aggregate_type_of_topic(store, notification.topic)
            event: Any = store.mapper.to_domain_event(notification)
            published = store.published.publish(aggregate_type, event) if store.published else None
            if published is None:
                continue
            kind, payload = published
            items.append(
                FeedEvent(
                    position=notification.id,
                    aggregate_type=aggregate_type,
                    aggregate_id=str(event.originator_id),
                    version=event.originator_version,
                    event_type=kind.name,
                    schema_version=kind.version,
                    timestamp=event.timestamp.isoformat(),
                    actor=str(getattr(event, "actor", "system")),
                    payload=payload,
                )
            )
        page = FeedPage(
            items=items,
            last_position=notifications[-1].id if notifications else after,
            max_position=store.recorder.max_notification_id() or 0,
        )
        return msgspec.json.decode(msgspec.json.encode(page))


def local_follower(
    name: str, source: ServiceEventStore, engine: Engine, handler: Any, batch: int = 1000
) -> FeedFollower:
    return FeedFollower(name, cast(ServiceClient, LocalFeed(source)), engine, handler, batch=batch)


def chunks(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def month_days(first: date) -> int:
    return calendar.monthrange(first.year, first.month)[1]


# --------------------------------------------------------------------------- fake people

FIRST_NAMES = [
    "Mohamed",
    "Ahmed",
    "Youssef",
    "Hamza",
    "Omar",
    "Mehdi",
    "Ayoub",
    "Anas",
    "Imad",
    "Karim",
    "Rachid",
    "Said",
    "Hassan",
    "Hicham",
    "Khalid",
    "Abdellah",
    "Mustapha",
    "Nabil",
    "Adil",
    "Soufiane",
    "Zakaria",
    "Ilyas",
    "Amine",
    "Reda",
    "Othmane",
    "Tarik",
    "Fatima",
    "Khadija",
    "Aicha",
    "Meryem",
    "Salma",
    "Imane",
    "Hajar",
    "Sanaa",
    "Nadia",
    "Latifa",
    "Zineb",
    "Hanane",
    "Laila",
    "Houda",
    "Samira",
    "Ghizlane",
    "Asmae",
    "Kawtar",
    "Loubna",
    "Naima",
    "Siham",
    "Wiam",
    "Chaimae",
    "Oumaima",
    "Rim",
    "Yasmine",
]
LAST_NAMES = [
    "Alaoui",
    "Benali",
    "Bennani",
    "Berrada",
    "Cherkaoui",
    "Chraibi",
    "El",
    "Amrani",
    "El",
    "Fassi",
    "El",
    "Idrissi",
    "Filali",
    "Guessous",
    "Hajji",
    "Idrissi",
    "Jettou",
    "Kabbaj",
    "Kettani",
    "Lahlou",
    "Lamrani",
    "Mansouri",
    "Naciri",
    "Ouazzani",
    "Rami",
    "Sebti",
    "Slaoui",
    "Tazi",
    "Tahiri",
    "Zniber",
    "Bouzid",
    "Amrani",
    "Bakkali",
    "Belhaj",
    "Benjelloun",
    "Boukhari",
    "Chafik",
    "Daoudi",
    "Essaidi",
    "Fikri",
    "Ghazi",
    "Haddad",
    "Jabri",
    "Kadiri",
    "Lazrak",
    "Mernissi",
    "Moussaoui",
    "Naji",
    "Ouali",
    "Rahmouni",
    "Saadi",
    "Tounsi",
    "Yacoubi",
    "Zemmouri",
    "Aït",
    "Taleb",
    "Ouhaddou",
    "Amazigh",
]
CITIES = (
    "Casablanca",
    "Rabat",
    "Marrakech",
    "Fès",
    "Tanger",
    "Agadir",
    "Meknès",
    "Oujda",
    "Kénitra",
    "Tétouan",
    "Safi",
    "El Jadida",
    "Nador",
    "Béni Mellal",
    "Laâyoune",
)
CIN_PREFIXES = [
    "A",
    "B",
    "BE",
    "BH",
    "BJ",
    "BK",
    "BL",
    "C",
    "CB",
    "D",
    "DA",
    "E",
    "EE",
    "F",
    "FA",
    "G",
    "GA",
    "H",
    "HA",
    "I",
    "IA",
    "J",
    "JA",
    "JB",
    "JC",
    "JE",
    "K",
    "L",
    "M",
    "N",
    "P",
    "Q",
    "R",
    "S",
    "SH",
    "T",
    "U",
    "V",
    "W",
    "WA",
    "X",
    "Y",
    "Z",
    "ZG",
]


def fake_person(rng: random.Random, cin: str) -> dict[str, Any]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    data: dict[str, Any] = {
        "first_name": first,
        "last_name": last,
        "cin": cin,
        "phone": "06" + "".join(str(rng.randrange(10)) for _ in range(8)),
        "city": rng.choice(CITIES),
    }
    if rng.random() < 0.6:
        data["email"] = f"{first}.{last}{rng.randrange(1000)}@example.ma".lower().replace(" ", "")
    if rng.random() < 0.7:
        data["birth_date"] = date(rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28))
    return data


def fake_cins(rng: random.Random, count: int, seen: set[str]) -> list[str]:
    """`count` CINs never drawn before (`seen` grows with them)."""
    out: list[str] = []
    while len(out) < count:
        cin = f"{rng.choice(CIN_PREFIXES)}{rng.randint(1, 999_999)}"
        if cin not in seen:
            seen.add(cin)
            out.append(cin)
    return out


# --------------------------------------------------------------------------- offers


def offer_specs(rng: random.Random) -> list[dict[str, Any]]:
    """300 offers: 150 mobile, 90 internet, 60 landline."""
    specs: list[dict[str, Any]] = []
    for n in range(150):
        gb = rng.choice([1, 2, 5, 10, 20, 30, 50, 100])
        unlimited = rng.random() < 0.12
        components: dict[str, Any] = {
            "data": {"unlimited": True} if unlimited else {"quota_gb": gb},
            "calls": {"unlimited": True}
            if rng.random() < 0.4
            else {"hours": rng.choice([1, 2, 5, 10])},
        }
        fee = 199 if unlimited else 19 + gb * rng.choice([1, 2]) + rng.choice([0, 10, 20])
        specs.append(
            {
                "code": f"MOB-{n + 1:03d}",
                "name": f"Mobile {'Illimité' if unlimited else f'{gb} Go'} #{n + 1}",
                "service": "mobile",
                "monthly_fee": f"{fee}.00",
                "commitment_months": rng.choice([0, 0, 12, 24]),
                "components": components,
            }
        )
    for n in range(90):
        fiber = rng.random() < 0.6
        speed = rng.choice([100, 200, 500, 1000]) if fiber else rng.choice([4, 8, 12, 20])
        components = {("fiber" if fiber else "adsl"): {"speed_mbps": speed}, "landline": {}}
        if rng.random() < 0.4:
            components["tv"] = {}
        fee = (249 + speed // 4 if fiber else 149 + speed * 2) + (50 if "tv" in components else 0)
        specs.append(
            {
                "code": f"NET-{n + 1:03d}",
                "name": f"{'Fibre' if fiber else 'ADSL'} {speed} Mbps{' + TV' if 'tv' in components else ''} #{n + 1}",
                "service": "internet",
                "monthly_fee": f"{fee}.00",
                "commitment_months": rng.choice([12, 24]),
                "components": components,
            }
        )
    for n in range(60):
        hours = rng.choice([0, 2, 5, 10, 20])
        specs.append(
            {
                "code": f"FIXE-{n + 1:03d}",
                "name": f"Fixe {'National' if not hours else f'Monde {hours} h'} #{n + 1}",
                "service": "landline",
                "monthly_fee": f"{49 + hours * 5}.00",
                "commitment_months": rng.choice([0, 12]),
                "components": {"national": {"unlimited": True}, "international_hours": hours},
            }
        )
    return specs


@dataclass
class Sellable:
    offer_id: UUID
    code: str
    service: str
    versions: list[dict[str, Any]]
    weight: float


# --------------------------------------------------------------------------- the seed


@dataclass
class Report:
    as_of: date
    clients: int
    seed: int
    phases: dict[str, float] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "clients_asked": self.clients,
            "seed": self.seed,
            "seconds_per_phase": {k: round(v, 1) for k, v in self.phases.items()},
            "seconds_total": round(sum(self.phases.values()), 1),
            "counts": self.counts,
        }


class NoCustomerDirectory:
    """The contracts' nudge to the customer service after a change: the seed catches the
    customer's follower up itself."""

    def contracts_changed(self) -> None:
        return None


class NoRefresh:
    def catch_up(self) -> int:
        return 0

    def refresh(self) -> None:
        return None


class LocalContractLifecycle:
    """Collections' view of the contracts service, in-process: the dunning suspension and
    resumption go through the contracts' own commands (as the HTTP endpoints do)."""

    DUNNING = "dunning"

    def __init__(self, contracts: Any, clock: Clock) -> None:
        from mtf.contracts.application.contract_commands import ContractCommands

        self.contracts = contracts
        self.commands = ContractCommands(
            contracts.store,
            NoRefresh(),
            cast(Any, NoCustomerDirectory()),
            clock,
            contracts.views,
            orders=contracts.store,
        )

    def current_contract(self, contract_id: UUID) -> UUID | None:
        from mtf.contracts.domain.contract import Contract

        found = self.contracts.store.repository.find(contract_id, Contract)
        if found is None:
            return None
        if found.status in ("active", "suspended"):
            return contract_id
        with self.contracts.engine.connect() as conn:
            live = conn.execute(
                text(
                    "SELECT id FROM contracts WHERE subscriber_id = :s AND status IN "
                    "('active', 'suspended') ORDER BY start_date DESC, created_at DESC LIMIT 1"
                ),
                {"s": found.subscriber_id},
            ).scalar_one_or_none()
        return cast(UUID | None, live)

    def suspend_for_dunning(self, contract_id: UUID, on: date) -> bool:
        from mtf.kernel.errors import Conflict

        try:
            self.commands.suspend(contract_id, self.DUNNING, on, "system:collections")
        except Conflict:
            return False
        return True

    def resume_after_dunning(self, contract_id: UUID, on: date) -> bool:
        contract = self.contracts.store.get(contract_id)
        if contract.status != "suspended" or contract.status_reason != self.DUNNING:
            return False
        self.commands.resume(contract_id, "dunning cleared: paid", on, "system:collections")
        return True


class VolumeSeed:
    def __init__(
        self,
        settings: Settings,
        *,
        clients: int,
        as_of: date,
        seed: int = 42,
        progress: Callable[[str], None] = print,
    ) -> None:
        from mtf.billing.adapters.postgres.followers import (
            SETTLEMENTS_FOLLOWER,
            apply_collections_event,
        )
        from mtf.billing.adapters.postgres.followers import (
            apply_contract_event as billing_apply_contract,
        )
        from mtf.billing.app import Billing
        from mtf.catalog.adapters.postgres.read_model import OfferProjection
        from mtf.catalog.app import build_event_store as catalog_store
        from mtf.collections.adapters.postgres.read_model import apply_billing_event
        from mtf.collections.app import CollectionsContext
        from mtf.contracts.app import Contracts
        from mtf.customer.adapters.postgres.read_model import (
            apply_contract_event as customer_apply_contract,
        )
        from mtf.customer.app import Customer
        from mtf.kernel.db import make_engine
        from mtf.kernel.projection import Projector

        self.settings = settings
        self.n_clients = clients
        self.as_of = as_of
        self.rng = random.Random(seed)
        self.progress = progress
        self.report = Report(as_of=as_of, clients=clients, seed=seed)
        self.clock = FixedClock(month_start(as_of, 6))

        def engine(service: str) -> Engine:
            return make_engine(settings.database_url_for(service), service, pool_size=3)

        self.catalog_events = catalog_store(settings)
        self.catalog_engine = engine("catalog")
        self.catalog_projector = Projector(
            self.catalog_events, self.catalog_engine, OfferProjection(), batch=2000
        )
        self.customer = Customer(settings, engine("customer"))
        self.customer.projector.batch = 2000
        self.contracts = Contracts(settings, engine("contracts"))
        self.contracts.projector.batch = 2000
        self.billing = Billing(settings, engine("billing"), clock=self.clock)
        self.collections = CollectionsContext(settings, engine("collections"), clock=self.clock)
        # the services' own followers (same names and handlers), fed in-process
        self.customer_lines = local_follower(
            "customer.lines<-contracts",
            self.contracts.events,
            self.customer.engine,
            customer_apply_contract,
        )
        self.billing.contracts_feed = local_follower(
            "billing.billable<-contracts",
            self.contracts.events,
            self.billing.engine,
            billing_apply_contract,
        )
        self.billing.collections_feed = local_follower(
            SETTLEMENTS_FOLLOWER,
            self.collections.events,
            self.billing.engine,
            apply_collections_event,
        )
        self.collections.billing_feed = local_follower(
            "collections.receivables<-billing",
            self.billing.events,
            self.collections.engine,
            apply_billing_event,
        )
        self.sellable: dict[str, list[Sellable]] = {}
        self.live: dict[UUID, Any] = {}  # contract id -> its Contract (current ones)
        self.lines_of: dict[UUID, list[UUID]] = {}  # client -> subscriber ids
        self.behaviour: dict[UUID, str] = {}  # client -> good / late / bad payer
        self.stats: Counter[str] = Counter()

    # -- helpers ------------------------------------------------------------------------

    def _phase(self, name: str, started: float) -> None:
        spent = time.perf_counter() - started
        self.report.phases[name] = self.report.phases.get(name, 0.0) + spent
        self.progress(f"  {name}: {spent:.1f} s")

    def close(self) -> None:
        for store in (
            self.catalog_events,
            self.customer.events,
            self.contracts.events,
            self.billing.events,
            self.collections.events,
        ):
            store.close()
        for eng in (
            self.catalog_engine,
            self.customer.engine,
            self.contracts.engine,
            self.billing.engine,
            self.collections.engine,
        ):
            eng.dispose()

    def check_empty(self) -> None:
        for name, store in (
            ("customer", self.customer.events),
            ("contracts", self.contracts.events),
            ("billing", self.billing.events),
        ):
            if store.recorder.max_notification_id():
                raise RuntimeError(
                    f"the {name} service already has events: a volume seed needs an empty "
                    "database (create one, migrate it, then seed)"
                )

    # -- phases ---------------------------------------------------------------------------

    def offers(self) -> None:
        from mtf.catalog.domain.offer import Offer

        started = time.perf_counter()
        rng = self.rng
        offers = []
        for spec in offer_specs(rng):
            offer = Offer.define(**spec, actor=ACTOR)
            for _ in range(rng.choices([0, 1, 2], weights=[70, 22, 8])[0]):
                offer.revise(
                    monthly_fee=str(offer.monthly_fee + rng.choice([10, 20, 30])),
                    actor=ACTOR,
                )
            offer.publish(actor=ACTOR)
            offers.append(offer)
        retired = set(rng.sample(range(len(offers)), 25))
        for i, offer in enumerate(offers):
            # popularity: a few offers sell most (the operator's flagships)
            weight = 1.0 / (1 + (i % 50)) ** 0.9
            if i in retired:
                offer.retire(actor=ACTOR)
            self.sellable.setdefault(offer.service, []).append(
                Sellable(offer.id, offer.code, offer.service, offer.versions, weight)
            )
        for batch in chunks(offers, 100):
            self.catalog_events.save(*batch)
        self.catalog_projector.catch_up()
        self.stats["offers"] = len(offers)
        self.stats["offer_versions"] = sum(len(o.versions) for o in offers)
        self.stats["offers_retired"] = len(retired)
        self._phase("offers", started)

    def _pick_offer(self, service: str, exclude: UUID | None = None) -> tuple[Sellable, int]:
        choices = [s for s in self.sellable[service] if s.offer_id != exclude]
        offer = self.rng.choices(choices, weights=[s.weight for s in choices])[0]
        # most contracts sold on the offer's latest version, some on an earlier one
        version = len(offer.versions)
        if version > 1 and self.rng.random() < 0.35:
            version = self.rng.randint(1, version - 1)
        return offer, version

    def _new_contract(
        self, client_id: UUID, line_id: UUID, service: str, start: date, exclude: UUID | None = None
    ) -> Any:
        from mtf.contracts.domain.contract import Contract

        offer, version = self._pick_offer(service, exclude)
        terms = offer.versions[version - 1]
        return Contract(
            contract_id=uuid.UUID(int=self.rng.getrandbits(128), version=4),
            order_id=None,
            client_id=client_id,
            subscriber_id=line_id,
            offer_id=offer.offer_id,
            offer_version=version,
            offer_code=offer.code,
            offer_name=terms["name"],
            service=service,
            monthly_fee=terms["monthly_fee"],
            commitment_months=terms["commitment_months"],
            start_date=start,
            actor=ACTOR,
        )

    def new_clients(self, first: date, count: int) -> None:
        """`count` clients joining in the month starting `first`: registered (personal data
        sealed under a key of their own), their lines provisioned, contracts started."""
        from mtf.contracts.domain.contract import start_contract
        from mtf.customer.adapters.postgres.read_model import _SEQUENCES
        from mtf.customer.adapters.postgres.tables import cin_registry, client_keys, subscribers
        from mtf.customer.domain.client import Client, check_personal_data, client_owner
        from mtf.customer.domain.subscriber import (
            internet_line_id,
            landline_number,
            mobile_number,
        )
        from mtf.kernel.crypto import seal_json

        rng = self.rng
        vault = self.customer.vault
        cins = fake_cins(rng, count, self._cins_used)
        for batch in chunks(cins):
            keys: list[dict[str, Any]] = []
            registry: list[dict[str, Any]] = []
            aggregates: list[Any] = []
            lines: list[tuple[UUID, UUID, str]] = []
            contracts: list[Any] = []
            for cin in batch:
                client_id = uuid.UUID(int=rng.getrandbits(128), version=4)
                clean = check_personal_data(fake_person(rng, cin), today=self.as_of)
                owner = client_owner(client_id)
                wrapped = vault.master.new_wrapped_data_key(owner)
                sealer = vault.master.unwrap(wrapped, owner)
                cin_hash = self.customer.cin_hash(clean["cin"])
                keys.append(
                    {
                        "client_id": client_id,
                        "wrapped_key": wrapped,
                        "master_key_id": vault.master.key_id,
                    }
                )
                registry.append({"cin_hash": cin_hash, "client_id": client_id})
                aggregates.append(
                    Client(
                        client_id=client_id,
                        sealed_personal=seal_json(sealer, clean, owner),
                        cin_hash=cin_hash,
                        actor=ACTOR,
                    )
                )
                self.behaviour[client_id] = rng.choices(
                    ["good", "late", "bad"], weights=[80, 15, 5]
                )[0]
                n_lines = rng.choices([1, 2, 3, 4], weights=[78, 15, 5, 2])[0]
                # the first month is the operator's existing base: most lines start on the 1st
                day = 1 if first == month_start(self.as_of, 6) and rng.random() < 0.7 else None
                start = first + timedelta(days=(day or rng.randint(1, month_days(first))) - 1)
                for k in range(n_lines):
                    service = (
                        "mobile"
                        if k > 0 and rng.random() < 0.8
                        else rng.choices(["mobile", "internet", "landline"], weights=[60, 30, 10])[
                            0
                        ]
                    )
                    line_id = uuid.UUID(int=rng.getrandbits(128), version=4)
                    lines.append((line_id, client_id, service))
                    self.lines_of.setdefault(client_id, []).append(line_id)
                    contract = self._new_contract(client_id, line_id, service, start)
                    contracts.extend(start_contract(contract, None, today=start, actor=ACTOR))
                    self.live[contract.id] = contract
            with self.customer.engine.begin() as conn:
                conn.execute(insert(client_keys).on_conflict_do_nothing(), keys)
                conn.execute(insert(cin_registry).on_conflict_do_nothing(), registry)
                # lines: numbers from the services' sequences, as provisioning takes them
                rows = []
                by_service: dict[str, list[tuple[UUID, UUID]]] = defaultdict(list)
                for line_id, client_id, service in lines:
                    by_service[service].append((line_id, client_id))
                now = datetime.now(UTC)
                for service, wanted in by_service.items():
                    seqs = conn.execute(
                        text(
                            f"SELECT nextval('{_SEQUENCES[service]}') FROM generate_series(1, :n)"
                        ),
                        {"n": len(wanted)},
                    ).scalars()
                    fixed = (
                        list(
                            conn.execute(
                                text(
                                    "SELECT nextval('line_seq_landline') FROM generate_series(1, :n)"
                                ),
                                {"n": len(wanted)},
                            ).scalars()
                        )
                        if service == "internet"
                        else [None] * len(wanted)
                    )
                    for (line_id, client_id), seq, land in zip(wanted, seqs, fixed, strict=True):
                        number = {
                            "mobile": mobile_number,
                            "landline": landline_number,
                            "internet": internet_line_id,
                        }[service](seq)
                        rows.append(
                            {
                                "id": line_id,
                                "client_id": client_id,
                                "service": service,
                                "number": number,
                                "landline_number": landline_number(land) if land else None,
                                "status": "pending",
                                "created_at": now,
                                "updated_at": now,
                            }
                        )
                conn.execute(insert(subscribers), rows)
            self.customer.events.save(*aggregates)
            for part in chunks(contracts):
                self.contracts.events.save(*part)
            self.stats["clients"] += len(aggregates)
            self.stats["lines"] += len(lines)

    def lifecycle(self, first: date) -> None:
        """The month's changes on contracts started before it: plan changes, suspensions
        (some resumed later in the month), terminations."""
        from mtf.contracts.domain.contract import start_contract

        rng = self.rng
        last = first + timedelta(days=month_days(first) - 1)
        changed: list[Any] = []
        for contract_id, contract in list(self.live.items()):
            if contract.start_date >= first or contract.status not in ("active", "suspended"):
                continue
            roll = rng.random()
            day = first + timedelta(days=rng.randint(0, month_days(first) - 1))
            if day <= contract.last_change:
                continue
            if roll < 0.006:  # terminated: moving, switching operator
                contract.terminate(
                    reason=rng.choice(
                        ["client moving abroad", "switching operator", "too expensive"]
                    ),
                    effective_date=day,
                    today=day,
                    actor=ACTOR,
                )
                del self.live[contract_id]
                changed.append(contract)
                self.stats["terminations"] += 1
            elif roll < 0.012 and contract.status == "active":  # plan change from `day`
                new = self._new_contract(
                    contract.client_id,
                    contract.subscriber_id,
                    contract.service,
                    day,
                    exclude=contract.offer_id,
                )
                changed.extend(start_contract(new, contract, today=day, actor=ACTOR))
                del self.live[contract_id]
                self.live[new.id] = new
                self.stats["plan_changes"] += 1
            elif roll < 0.015 and contract.status == "active":  # suspended (lost phone...)
                contract.suspend(
                    reason=rng.choice(["lost phone", "travelling", "client request"]),
                    effective_date=day,
                    today=day,
                    actor=ACTOR,
                )
                self.stats["suspensions"] += 1
                if rng.random() < 0.5 and day < last:
                    back = day + timedelta(days=rng.randint(1, (last - day).days))
                    contract.resume(
                        reason="client request", effective_date=back, today=back, actor=ACTOR
                    )
                    self.stats["resumptions"] += 1
                changed.append(contract)
        for part in chunks(changed):
            self.contracts.events.save(*part)

    def catch_up_contracts(self) -> None:
        self.contracts.projector.catch_up()
        self.customer.projector.catch_up()
        self.customer_lines.catch_up()
        self.billing.contracts_feed.catch_up()

    def bill(self, period_first: date) -> int:
        """The month's bill run, by the billing service's own runner, on the 1st after it."""
        issue = month_start(period_first, -1)
        self.clock.day = issue
        runner = self.billing.runner()
        period = f"{period_first.year:04d}-{period_first.month:02d}"
        run_id = runner.start(period, issue, ACTOR)
        runner.work_on(run_id)
        self.collections.billing_feed.catch_up()
        self.collections.projector.catch_up()
        with self.billing.engine.connect() as conn:
            return int(
                conn.execute(
                    text("SELECT count(*) FROM invoices WHERE issue_date = :d"), {"d": issue}
                ).scalar_one()
            )

    def _open_invoices(self, client_ids: Sequence[UUID]) -> dict[UUID, list[Any]]:
        """What each client owes, the settlements ledger's paid amounts (as `open_invoices`
        reads them, for a batch of clients)."""
        from mtf.collections.domain.allocation import OpenInvoice

        out: dict[UUID, list[Any]] = defaultdict(list)
        with self.collections.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT r.client_id, r.invoice_id, r.number, r.due_date, "
                    "r.total - r.credited - coalesce(s.paid, 0) AS due FROM receivables r "
                    "LEFT JOIN settlements s ON s.invoice_id = r.invoice_id "
                    "WHERE r.client_id = ANY(:c) AND r.credited + coalesce(s.paid, 0) < r.total"
                ),
                {"c": list(client_ids)},
            ).all()
        for r in rows:
            out[r.client_id].append(OpenInvoice(r.invoice_id, r.number, r.due_date, r.due))
        return out

    def payments(self, issued: date) -> None:
        """Clients pay the invoices issued on `issued` in the weeks after (before `as_of`):
        good payers nearly always in full, late ones often everything owed at once, bad ones
        rarely; some pay part, a few too much (credit), a few payments bounce."""
        from mtf.collections.domain.allocation import allocate
        from mtf.collections.domain.payment import Payment, payment_id_for

        rng = self.rng
        with self.collections.engine.connect() as conn:
            clients = sorted(
                conn.execute(
                    text("SELECT DISTINCT client_id FROM receivables WHERE issue_date = :d"),
                    {"d": issued},
                ).scalars()
            )
        last_day = min(issued + timedelta(days=40), self.as_of - timedelta(days=1))
        for batch in chunks(clients):
            owed = self._open_invoices(batch)
            payments: list[Any] = []
            for client_id in batch:
                open_invoices = owed.get(client_id)
                if not open_invoices:
                    continue
                kind = self.behaviour.get(client_id, "good")
                if rng.random() >= {"good": 0.97, "late": 0.6, "bad": 0.2}[kind]:
                    continue
                current = [i for i in open_invoices if i.due_date > issued]
                everything = sum((i.amount_due for i in open_invoices), Decimal("0"))
                this = sum((i.amount_due for i in current), Decimal("0"))
                amount = everything if kind != "good" or rng.random() < 0.5 else this
                roll = rng.random()
                if roll < 0.05:  # part of it
                    amount = (amount * Decimal(rng.randint(30, 90)) / 100).quantize(Decimal("0.01"))
                    self.stats["payments_partial"] += 1
                elif roll < 0.07:  # a round sum above what is due: credit
                    amount = ((amount / 50).quantize(Decimal("1")) * 50 + 50).quantize(
                        Decimal("0.01")
                    )
                    self.stats["payments_overpaid"] += 1
                if amount <= 0:
                    continue
                allocations, credit = allocate(amount, open_invoices, [])
                received = issued + timedelta(days=rng.randint(1, max(1, (last_day - issued).days)))
                method = rng.choices(
                    ["cash", "card", "bank_transfer", "direct_debit"], weights=[25, 30, 20, 25]
                )[0]
                key = f"volume-{issued.isoformat()}-{client_id}"
                payments.append(
                    Payment(
                        payment_id=payment_id_for("volume-seed", key),
                        client_id=client_id,
                        amount=amount,
                        method=method,
                        reference=f"{method.upper()}-{rng.randrange(10**8):08d}",
                        received_on=received,
                        request_hash=key,
                        allocations=[
                            {
                                "invoice_id": str(a.invoice_id),
                                "number": a.number,
                                "amount": str(a.amount),
                                "kind": "payment",
                            }
                            for a in allocations
                        ],
                        credit=credit,
                        actor=ACTOR,
                    )
                )
            self.collections.store.save(*payments)
            self.stats["payments"] += len(payments)
            # a few bounce (a cheque, a direct debit refused): every allocation undone
            bounced = [p for p in payments if p.method != "cash" and rng.random() < 0.01]
            for p in bounced:
                p.reverse(reason="bounced: insufficient funds", actor=ACTOR)
            if bounced:
                self.collections.store.save(*bounced)
                self.stats["payments_reversed"] += len(bounced)
        self.collections.projector.catch_up()
        self.billing.collections_feed.catch_up()

    def collections_run(self) -> dict[str, Any]:
        """The collections run of `as_of`, through the collections application (credit
        applied to new invoices, cases opened, reminders, dunning suspensions)."""
        from mtf.collections.adapters.services import OutboxNotifier
        from mtf.collections.application.use_cases import Collections, Payments

        self.clock.day = self.as_of
        ctx = self.collections
        payments = Payments(
            store=ctx.store,
            receivables=ctx.views,
            billing_feed=ctx.billing_feed,
            read_model=ctx.projector,
            locks=ctx.locks,
            clients=cast(Any, None),
            clock=self.clock,
        )
        collections = Collections(
            store=ctx.store,
            receivables=ctx.views,
            billing_feed=ctx.billing_feed,
            read_model=ctx.projector,
            contracts=LocalContractLifecycle(self.contracts, self.clock),
            notifier=OutboxNotifier(ctx.engine),
            clock=self.clock,
            policy=ctx.policy,
            payments=payments,
            locks=ctx.locks,
        )
        result = collections.run(self.as_of, ACTOR)
        self.catch_up_contracts()
        self.billing.collections_feed.catch_up()
        ctx.projector.catch_up()
        return result

    # -- the whole ----------------------------------------------------------------------

    def run(self) -> Report:
        self._cins_used: set[str] = set()
        total = time.perf_counter()
        self.check_empty()
        self.progress(
            f"volume seed: {self.n_clients} clients, as of {self.as_of.isoformat()}, "
            f"seed {self.report.seed}"
        )
        self.offers()
        # 55% of the clients are there from the first month, the rest join month by month
        shares = [0.55] + [0.09] * 5
        counts = [round(self.n_clients * s) for s in shares]
        counts[0] += self.n_clients - sum(counts)
        for k in range(6):
            first = month_start(self.as_of, 6 - k)
            self.progress(f"month {first.isoformat()[:7]}:")
            self.clock.day = first
            started = time.perf_counter()
            self.new_clients(first, counts[k])
            if k:
                self.lifecycle(first)
            self._phase("clients, lines and contracts", started)
            started = time.perf_counter()
            self.catch_up_contracts()
            self._phase("projections and followers (customer, contracts)", started)
            started = time.perf_counter()
            invoices = self.bill(first)
            self.progress(f"    {invoices} invoices")
            self._phase("bill runs", started)
            issued = month_start(first, -1)
            if issued < self.as_of:
                started = time.perf_counter()
                self.payments(issued)
                self._phase("payments", started)
        started = time.perf_counter()
        figures = self.collections_run()
        self.progress(f"    {figures['figures']}")
        self._phase("collections run", started)
        self.report.counts = self.counts()
        self.progress(f"done in {time.perf_counter() - total:.1f} s")
        return self.report

    def counts(self) -> dict[str, Any]:
        def one(engine: Engine, sql: str) -> Any:
            with engine.connect() as conn:
                return conn.execute(text(sql)).one()

        c: dict[str, Any] = {
            "offers": self.stats["offers"],
            "offer_versions": self.stats["offer_versions"],
            "offers_retired": self.stats["offers_retired"],
        }
        c["clients"] = one(self.customer.engine, "SELECT count(*) FROM clients")[0]
        c["lines"] = one(self.customer.engine, "SELECT count(*) FROM subscribers")[0]
        with self.contracts.engine.connect() as conn:
            c["contracts"] = dict(
                conn.execute(text("SELECT status, count(*) FROM contracts GROUP BY 1")).all()
            )
        c["plan_changes"] = self.stats["plan_changes"]
        invoices, billed = one(
            self.billing.engine, "SELECT count(*), coalesce(sum(total), 0) FROM invoices"
        )
        c["invoices"] = invoices
        c["billed_mad"] = str(billed)
        c["bill_runs"] = one(self.billing.engine, "SELECT count(*) FROM bill_runs")[0]
        with self.collections.engine.connect() as conn:
            c["payments"] = dict(
                conn.execute(text("SELECT status, count(*) FROM payments GROUP BY 1")).all()
            )
            paid, open_, overdue = conn.execute(
                text(
                    "SELECT count(*) FILTER (WHERE r.credited + coalesce(s.paid, 0) >= r.total), "
                    "count(*) FILTER (WHERE r.credited + coalesce(s.paid, 0) < r.total), "
                    "count(*) FILTER (WHERE r.credited + coalesce(s.paid, 0) < r.total "
                    "AND r.due_date < :d) FROM receivables r "
                    "LEFT JOIN settlements s ON s.invoice_id = r.invoice_id"
                ),
                {"d": self.as_of},
            ).one()
            c["invoices_paid_in_full"] = paid
            c["invoices_open"] = open_
            c["invoices_overdue"] = overdue
            c["cases_open"] = conn.execute(
                text("SELECT count(*) FROM cases WHERE status = 'open'")
            ).scalar_one()
        c["payments_partial"] = self.stats["payments_partial"]
        c["payments_overpaid"] = self.stats["payments_overpaid"]
        c["events"] = {
            name: store.recorder.max_notification_id() or 0
            for name, store in (
                ("catalog", self.catalog_events),
                ("customer", self.customer.events),
                ("contracts", self.contracts.events),
                ("billing", self.billing.events),
                ("collections", self.collections.events),
            )
        }
        c["database_bytes"] = one(
            self.customer.engine, "SELECT pg_database_size(current_database())"
        )[0]
        return c


def seed_volume(
    settings: Settings,
    clients: int = 100_000,
    *,
    as_of: date | None = None,
    seed: int = 42,
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Seed an empty, migrated database with an operator of `clients` clients."""
    as_of = as_of or month_start(settings.clock().today())
    volume = VolumeSeed(settings, clients=clients, as_of=as_of, seed=seed, progress=progress)
    try:
        return volume.run().as_dict()
    finally:
        volume.close()
