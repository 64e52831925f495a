"""Process settings, read once from the environment (12-factor)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtf.kernel.service_keys import ServiceKeys

if TYPE_CHECKING:
    from mtf.kernel.clock import Clock

SERVICES: tuple[str, ...] = (
    "identity",
    "catalog",
    "customer",
    "contracts",
    "billing",
    "collections",
)

DEFAULT_PORTS: dict[str, int] = {
    "gateway": 8000,
    "identity": 8001,
    "catalog": 8002,
    "customer": 8003,
    "contracts": 8004,
    "billing": 8005,
    "collections": 8006,
}


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


@dataclass(frozen=True)
class Settings:
    database_url: str
    service_database_urls: dict[str, str]
    jwt_secret: str
    # each service's Ed25519 key pair (`mtf.kernel.service_keys`): this process's private
    # keys only, every public key
    service_keys: ServiceKeys
    jwt_ttl_seconds: int
    admin_password: str
    env: str
    log_format: str
    log_level: str
    host: str
    ports: dict[str, int]
    service_urls: dict[str, str]
    frontend_dist: str
    otlp_endpoint: str
    vat_rate: str
    pii_key: str = ""
    cin_hash_key: str = ""
    payment_days: int = 30
    auto_bill_run: bool = True
    # this host's worker archives the invoices' PDFs (MTF_ARCHIVE_PDFS=0: another host's
    # worker does, or a benchmark measures something else)
    archive_pdfs: bool = True
    # the seller's legal identity printed on every invoice and credit note (issue 15):
    # `MTF_SELLER_*`; development defaults in DEVELOPMENT_SELLER, refused in production
    seller_name: str = ""
    seller_legal_form: str = ""
    seller_address: str = ""
    seller_rc: str = ""
    seller_if: str = ""
    seller_ice: str = ""
    seller_tp: str = ""
    seller_capital: str = ""
    seller_rib: str = ""
    seller_bank: str = ""
    # MTF_COMPANY_IDENTIFIERS (free text, before issue 15) when still set: refused at start
    legacy_company_identifiers: str = ""
    currency: str = "MAD"
    extra: dict[str, str] = field(default_factory=dict)
    timezone: str = "Africa/Casablanca"
    # tests and benchmarks that build the services themselves may hand over a clock they
    # control (a ShiftedClock); the launcher never does
    clock_override: Clock | None = None
    # access hardening (issue 11): the gateway's own bind address (services stay on `host`),
    # the proxies whose X-Forwarded-For the gateway believes (comma-separated CIDRs), the
    # webhook hosts allowed although not public
    gateway_host: str = "127.0.0.1"
    trusted_proxies: str = ""
    webhook_allowed_hosts: str = ""

    def clock(self) -> Clock:
        """The business clock every service reads (dates in `MTF_TIMEZONE`)."""
        from mtf.kernel.clock import SystemClock

        return self.clock_override or SystemClock(self.timezone)

    def database_url_for(self, service: str) -> str:
        return self.service_database_urls.get(service) or self.database_url

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def seller(self) -> Seller:
        return Seller(
            name=self.seller_name,
            legal_form=self.seller_legal_form,
            address=self.seller_address,
            rc=self.seller_rc,
            tax_id=self.seller_if,
            ice=self.seller_ice,
            tp=self.seller_tp,
            capital=self.seller_capital,
            rib=self.seller_rib,
            bank=self.seller_bank,
        )


@dataclass(frozen=True)
class Seller:
    """Who issues the invoices: the legal mentions of a Moroccan invoice (RC, IF, ICE, TP,
    share capital) and the account that receives transfers (RIB)."""

    name: str
    address: str
    rc: str
    tax_id: str  # IF (identifiant fiscal)
    ice: str
    tp: str
    capital: str
    rib: str
    legal_form: str = ""
    bank: str = ""


# name -> (Settings field, development default): valid in form, fake (no real company has
# them); `load_settings` uses them outside production, production refuses them
SELLER_VARIABLES: dict[str, tuple[str, str]] = {
    "MTF_SELLER_NAME": ("seller_name", "MT Télécom"),
    "MTF_SELLER_LEGAL_FORM": ("seller_legal_form", "SA"),
    "MTF_SELLER_ADDRESS": ("seller_address", "Avenue Mohammed V, 10000 Rabat, Maroc"),
    "MTF_SELLER_RC": ("seller_rc", "Rabat 99999"),
    "MTF_SELLER_IF": ("seller_if", "99999999"),
    "MTF_SELLER_ICE": ("seller_ice", "009999999000099"),
    "MTF_SELLER_TP": ("seller_tp", "99999999"),
    "MTF_SELLER_CAPITAL": ("seller_capital", "10000000.00"),
    "MTF_SELLER_RIB": ("seller_rib", "011780000001234567890187"),
    "MTF_SELLER_BANK": ("seller_bank", "Banque de démonstration, agence Rabat"),
}
# optional in production too (an empty legal form or bank name is printed as nothing)
_SELLER_OPTIONAL = ("MTF_SELLER_LEGAL_FORM", "MTF_SELLER_BANK")
_SELLER_NUMBERS = ("MTF_SELLER_IF", "MTF_SELLER_ICE", "MTF_SELLER_TP", "MTF_SELLER_RIB")
# the variables before issue 15, still read: MTF_SELLER_NAME / _ADDRESS win
_SELLER_ALIASES = {
    "MTF_SELLER_NAME": "MTF_COMPANY_NAME",
    "MTF_SELLER_ADDRESS": "MTF_COMPANY_ADDRESS",
}


def _seller_from_env(env: str) -> dict[str, Any]:
    values: dict[str, str] = {}
    for name, (field_name, default) in SELLER_VARIABLES.items():
        value = _env(name) or _env(_SELLER_ALIASES.get(name, ""), "")
        if not value and env != "production":
            value = default
        # identifiers are often written in groups ("011 780 ..."): their digits are kept
        joiner = "" if name in _SELLER_NUMBERS else " "
        values[field_name] = joiner.join(value.split())
    return values


def seller_problems(settings: Settings) -> list[str]:
    """Why the seller's identity cannot go on an invoice (empty when it can)."""
    problems: list[str] = []
    if settings.legacy_company_identifiers:
        problems.append(
            "MTF_COMPANY_IDENTIFIERS is no longer read: set MTF_SELLER_RC, MTF_SELLER_IF, "
            "MTF_SELLER_ICE and MTF_SELLER_TP instead (see .env.example)"
        )
    seller = settings.seller
    values = {
        name: getattr(settings, field_name) for name, (field_name, _) in SELLER_VARIABLES.items()
    }
    for name, value in values.items():
        if not value and name not in _SELLER_OPTIONAL:
            problems.append(f"{name} must be set (the seller's identity printed on every invoice)")
    checks = (
        ("MTF_SELLER_ICE", seller.ice, _digits(seller.ice, 15, 15), "must be exactly 15 digits"),
        ("MTF_SELLER_IF", seller.tax_id, _digits(seller.tax_id, 1, 10), "must be 1 to 10 digits"),
        ("MTF_SELLER_TP", seller.tp, _digits(seller.tp, 1, 12), "must be 1 to 12 digits"),
        (
            "MTF_SELLER_RC",
            seller.rc,
            len(seller.rc) <= 60 and any(c.isdigit() for c in seller.rc),
            "must hold the trade register number (e.g. 'Rabat 12345')",
        ),
        (
            "MTF_SELLER_RIB",
            seller.rib,
            _digits(seller.rib, 24, 24) and int(seller.rib) % 97 == 0,
            "must be the 24 digits of a Moroccan RIB with its key (bank, city, account, key)",
        ),
        (
            "MTF_SELLER_CAPITAL",
            seller.capital,
            _amount(seller.capital),
            "must be the share capital in MAD, a positive amount such as 10000000.00",
        ),
    )
    for name, value, valid, rule in checks:
        if value and not valid:
            problems.append(f"{name}={value!r} {rule}")
    if settings.is_production:
        for name, (field_name, default) in SELLER_VARIABLES.items():
            if name not in _SELLER_OPTIONAL and getattr(settings, field_name) == default:
                problems.append(f"{name} is the development default; set the seller's own")
    return problems


def _digits(value: str, shortest: int, longest: int) -> bool:
    return value.isascii() and value.isdigit() and shortest <= len(value) <= longest


def _amount(value: str) -> bool:
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return False
    return amount.is_finite() and amount > 0 and amount == amount.quantize(Decimal("0.01"))


def load_settings() -> Settings:
    """Read the settings from the environment. Dev defaults live in `.env.example`."""
    ports = {
        name: int(_env(f"MTF_{name.upper()}_PORT", str(port)))
        for name, port in DEFAULT_PORTS.items()
    }
    host = _env("MTF_HOST", "127.0.0.1")
    service_urls = {
        name: _env(f"MTF_{name.upper()}_URL", f"http://{host}:{ports[name]}")
        for name in (*SERVICES, "gateway")
    }
    service_dbs = {
        name: url for name in SERVICES if (url := _env(f"MTF_{name.upper()}_DATABASE_URL"))
    }
    settings = Settings(
        database_url=_env("DATABASE_URL", "postgresql://postgres@localhost:5432/mtf"),
        service_database_urls=service_dbs,
        jwt_secret=_env("MTF_JWT_SECRET", ""),
        service_keys=ServiceKeys.from_env(os.environ),
        jwt_ttl_seconds=int(_env("MTF_JWT_TTL_SECONDS", "900")),
        admin_password=_env("MTF_ADMIN_PASSWORD", ""),
        env=_env("MTF_ENV", "development"),
        log_format=_env("MTF_LOG_FORMAT", "json"),
        log_level=_env("MTF_LOG_LEVEL", "INFO"),
        host=host,
        ports=ports,
        service_urls=service_urls,
        frontend_dist=_env("MTF_FRONTEND_DIST", ""),
        otlp_endpoint=_env("OTEL_EXPORTER_OTLP_ENDPOINT", ""),
        vat_rate=_env("MTF_VAT_RATE", "0.20"),
        pii_key=_env("MTF_PII_KEY", ""),
        cin_hash_key=_env("MTF_CIN_HASH_KEY", ""),
        payment_days=int(_env("MTF_PAYMENT_DAYS", "30")),
        auto_bill_run=_env("MTF_AUTO_BILL_RUN", "1").lower() not in ("0", "false", "no", "off"),
        archive_pdfs=_env("MTF_ARCHIVE_PDFS", "1").lower() not in ("0", "false", "no", "off"),
        legacy_company_identifiers=_env("MTF_COMPANY_IDENTIFIERS", ""),
        timezone=_timezone(_env("MTF_TIMEZONE", "Africa/Casablanca")),
        gateway_host=_env("MTF_GATEWAY_HOST", host),
        trusted_proxies=_env("MTF_TRUSTED_PROXIES", ""),
        webhook_allowed_hosts=_env("MTF_WEBHOOK_ALLOWED_HOSTS", ""),
    )
    return replace(settings, **_seller_from_env(settings.env))


def _timezone(name: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise RuntimeError(f"MTF_TIMEZONE={name!r} is not a known IANA timezone") from exc
    return name


MIN_SECRET_BYTES = 32
ENVIRONMENTS = ("development", "test", "production")
# values that appear in the repository (`.env.example`, the e2e stack, the test fixtures):
# fine on a laptop, refused when MTF_ENV=production
DEVELOPMENT_VALUES = frozenset(
    {
        "postgresql://postgres@localhost:5432/mtf",
        "stack-jwt-secret-0123456789abcdef0123456789",
        "stack-service-secret-0123456789abcdef0123",
        "stack-admin-password",
        "stack-pii-key-0123456789abcdef0123456789",
        "stack-cin-hash-key-0123456789abcdef0123",
        "test-admin-password",
        "admin",
        "password",
        "changeme",
        "change-me",
    }
)
_EXAMPLE = Path(__file__).resolve().parents[3] / ".env.example"


def _example_values() -> dict[str, str]:
    """The values `.env.example` sets (commented-out `# KEY=value` lines count too)."""
    values: dict[str, str] = {}
    if not _EXAMPLE.is_file():
        return values
    for raw in _EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = raw.lstrip("#").strip()
        key, sep, value = line.partition("=")
        if sep and key.startswith(("MTF_", "DATABASE_URL")) and " " not in key:
            words = value.split()
            if words:
                values[key] = words[0].strip('"').strip("'")
    return values


def settings_problems(settings: Settings) -> list[str]:
    """Why these settings must not run (empty when they may): checked at start."""
    problems: list[str] = []
    secrets = {
        "MTF_JWT_SECRET": settings.jwt_secret,
        "MTF_PII_KEY": settings.pii_key,
        "MTF_CIN_HASH_KEY": settings.cin_hash_key,
    }
    for name, value in secrets.items():
        if value and len(value.encode()) < MIN_SECRET_BYTES:
            problems.append(
                f"{name} is {len(value.encode())} bytes long; it must be at least "
                f"{MIN_SECRET_BYTES} (e.g. `python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))'`)"
            )
    try:
        rate = Decimal(settings.vat_rate)
        if not rate.is_finite() or not Decimal(0) <= rate < Decimal(1):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        problems.append(
            f"MTF_VAT_RATE={settings.vat_rate!r} must be a fraction in [0, 1) "
            "(0.20 for 20 %; 20 would mean 2000 %)"
        )
    if settings.env not in ENVIRONMENTS:
        problems.append(f"MTF_ENV={settings.env!r} must be one of {', '.join(ENVIRONMENTS)}")
    problems.extend(seller_problems(settings))
    from mtf.kernel.peers import parse_networks

    try:
        parse_networks(settings.trusted_proxies)
    except RuntimeError as exc:
        problems.append(str(exc))
    if settings.is_production:
        example = _example_values()
        development = DEVELOPMENT_VALUES | set(example.values())
        named = {
            **secrets,
            "MTF_ADMIN_PASSWORD": settings.admin_password,
            "DATABASE_URL": settings.database_url,
        }
        for name, value in named.items():
            if value and (value in development or example.get(name) == value):
                problems.append(f"{name} is a development default; set a value of your own")
        present = [v for v in secrets.values() if v]
        if len(set(present)) < len(present):
            problems.append("each of " + ", ".join(secrets) + " must be a different value")
        if settings.admin_password and len(settings.admin_password) < 12:
            problems.append("MTF_ADMIN_PASSWORD must be at least 12 characters in production")
        if settings.log_format != "json":
            problems.append("MTF_LOG_FORMAT must be json in production (structured logs)")
        if settings.log_level.upper() == "DEBUG":
            problems.append("MTF_LOG_LEVEL=DEBUG is refused in production")
    return problems


def process_services(process: str) -> tuple[str, ...]:
    """The services whose keys a process signs with: `MTF_PROCESS` is set by the launcher
    (`gateway`, a service's name, or `worker`); the command line tools and the worker act
    for every service."""
    if process == "gateway" or process in SERVICES:
        return (process,)
    return SERVICES


# the secrets a process needs; the gateway holds none of them (it forwards tokens, identity
# signs what it forwards for a partner key, and it never reads personal data)
_SECRETS_NEEDED = ("MTF_JWT_SECRET", "MTF_PII_KEY", "MTF_CIN_HASH_KEY")


def missing_settings(settings: Settings, process: str) -> list[str]:
    values = {
        "MTF_JWT_SECRET": settings.jwt_secret,
        "MTF_PII_KEY": settings.pii_key,
        "MTF_CIN_HASH_KEY": settings.cin_hash_key,
    }
    needed = () if process == "gateway" else _SECRETS_NEEDED
    missing = [name for name in needed if not values[name]]
    return missing + settings.service_keys.missing(process_services(process))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    settings = load_settings()
    missing = missing_settings(settings, _env("MTF_PROCESS", ""))
    if missing:
        raise RuntimeError(
            f"{', '.join(missing)} must be set (the launcher generates local ones in "
            ".mtf/secrets.env; see .env.example)"
        )
    problems = settings_problems(settings)
    if problems:
        raise RuntimeError("refusing to start: " + "; ".join(problems))
    return settings
