"""Builds the identity service: operators, roles, tokens."""

from __future__ import annotations

from typing import Any

from dishka import Provider, Scope, make_async_container, provide
from litestar import Litestar, get
from sqlalchemy import Engine

from mtf.identity.adapters.http.auth import AuthController, IdentityAuditController
from mtf.identity.adapters.http.partners import (
    ApiKeyController,
    InternalKeyController,
    WebhookController,
)
from mtf.identity.adapters.passwords import Argon2PasswordHasher
from mtf.identity.adapters.postgres.partner_store import (
    SqlPartnerStore,
    WebhookDispatcher,
    outbox_handler,
)
from mtf.identity.adapters.postgres.read_model import SqlOperatorRepository
from mtf.identity.adapters.postgres.sign_in_limits import SqlSignInThrottle
from mtf.identity.adapters.webhook_http import WebhookTargets
from mtf.identity.application.asyncapi import asyncapi_document
from mtf.identity.application.partners import Partners
from mtf.identity.application.use_cases import IdentityService
from mtf.identity.domain.partners import WEBHOOK_LANGUAGES
from mtf.kernel.db import make_engine
from mtf.kernel.follower import FeedFollower
from mtf.kernel.service_app import build_service_app
from mtf.kernel.service_client import ServiceClient
from mtf.kernel.settings import Settings, get_settings

SERVICE = "identity"


class IdentityProvider(Provider):
    scope = Scope.APP

    def __init__(
        self, engine: Engine, settings: Settings, hasher: Argon2PasswordHasher | None = None
    ) -> None:
        super().__init__()
        self.engine = engine
        self.settings = settings
        self.hasher = hasher or Argon2PasswordHasher()

    @provide
    def identity(self) -> IdentityService:
        return identity_service(self.engine, self.settings, self.hasher, throttled=True)

    @provide
    def partner_store(self) -> SqlPartnerStore:
        return SqlPartnerStore(self.engine)

    @provide
    def partners(self, store: SqlPartnerStore) -> Partners:
        return Partners(store, self.settings.clock(), webhook_targets(self.settings))


def webhook_targets(settings: Settings) -> WebhookTargets:
    """Public addresses only, except `MTF_WEBHOOK_ALLOWED_HOSTS`; https in production."""
    return WebhookTargets(settings.webhook_allowed_hosts, require_https=settings.is_production)


def identity_service(
    engine: Engine,
    settings: Settings,
    hasher: Argon2PasswordHasher | None = None,
    *,
    throttled: bool = False,
) -> IdentityService:
    """Sign-in over HTTP is throttled (a table every identity process shares); the seed
    command is not."""
    return IdentityService(
        SqlOperatorRepository(engine),
        hasher or Argon2PasswordHasher(),
        settings.jwt_secret,
        settings.jwt_ttl_seconds,
        SqlSignInThrottle(engine) if throttled else None,
    )


@get("/api/v1/asyncapi.json", include_in_schema=False, cache=300)
async def asyncapi_json() -> dict[str, Any]:
    """The AsyncAPI 3.0 document of the webhook events (public, like the OpenAPI one)."""
    return ASYNCAPI


ASYNCAPI = asyncapi_document()


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    engine = make_engine(settings.database_url_for(SERVICE), SERVICE)
    # one hasher per process: its semaphore caps the argon2 hashes running at once
    hasher = Argon2PasswordHasher()
    container = make_async_container(IdentityProvider(engine, settings, hasher))
    app = build_service_app(
        SERVICE,
        settings,
        route_handlers=[
            AuthController,
            ApiKeyController,
            WebhookController,
            InternalKeyController,
            IdentityAuditController,
            asyncapi_json,
        ],
        container=container,
        engine=engine,
        event_store=None,
    )
    app.state.password_hasher = hasher
    return app


WEBHOOK_SOURCES = tuple(WEBHOOK_LANGUAGES)


_WORKER_ENGINES: dict[int, Engine] = {}


def _worker_engine(settings: Settings) -> Engine:
    if id(settings) not in _WORKER_ENGINES:
        _WORKER_ENGINES[id(settings)] = make_engine(
            settings.database_url_for(SERVICE), SERVICE, pool_size=2
        )
    return _WORKER_ENGINES[id(settings)]


def build_followers(settings: Settings) -> list[FeedFollower]:
    """The webhook outbox follows every service whose facts partners can subscribe to."""
    engine = _worker_engine(settings)
    return [
        FeedFollower(
            f"identity.webhooks<-{source}",
            ServiceClient(SERVICE, source, settings.service_urls[source], settings.service_keys),
            engine,
            outbox_handler(source),
            batch=500,
        )
        for source in WEBHOOK_SOURCES
    ]


def build_jobs(settings: Settings) -> list[object]:
    dispatcher = WebhookDispatcher(_worker_engine(settings), webhook_targets(settings))

    def deliver_webhooks() -> object:
        return dispatcher.deliver_due()

    return [deliver_webhooks]
