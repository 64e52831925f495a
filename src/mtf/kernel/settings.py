"""Process settings, read once from the environment (12-factor)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

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
    service_secret: str
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
    company_name: str = "MT Télécom"
    company_address: str = "Avenue Mohammed V, Rabat, Maroc"
    company_identifiers: str = "RC 000000 - IF 00000000 - ICE 000000000000000"
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
    return Settings(
        database_url=_env("DATABASE_URL", "postgresql://postgres@localhost:5432/mtf"),
        service_database_urls=service_dbs,
        jwt_secret=_env("MTF_JWT_SECRET", ""),
        service_secret=_env("MTF_SERVICE_SECRET", ""),
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
        company_name=_env("MTF_COMPANY_NAME", "MT Télécom"),
        company_address=_env("MTF_COMPANY_ADDRESS", "Avenue Mohammed V, Rabat, Maroc"),
        company_identifiers=_env(
            "MTF_COMPANY_IDENTIFIERS", "RC 000000 - IF 00000000 - ICE 000000000000000"
        ),
        timezone=_timezone(_env("MTF_TIMEZONE", "Africa/Casablanca")),
        gateway_host=_env("MTF_GATEWAY_HOST", host),
        trusted_proxies=_env("MTF_TRUSTED_PROXIES", ""),
        webhook_allowed_hosts=_env("MTF_WEBHOOK_ALLOWED_HOSTS", ""),
    )


def _timezone(name: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise RuntimeError(f"MTF_TIMEZONE={name!r} is not a known IANA timezone") from exc
    return name


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    settings = load_settings()
    missing = [
        name
        for name, value in (
            ("MTF_JWT_SECRET", settings.jwt_secret),
            ("MTF_SERVICE_SECRET", settings.service_secret),
            ("MTF_PII_KEY", settings.pii_key),
            ("MTF_CIN_HASH_KEY", settings.cin_hash_key),
        )
        if not value
    ]
    if missing:
        raise RuntimeError(
            f"{', '.join(missing)} must be set (the launcher generates local ones in "
            ".mtf/secrets.env; see .env.example)"
        )
    return settings
