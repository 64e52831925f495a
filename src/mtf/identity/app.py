"""Builds the identity service: operators, roles, tokens."""

from __future__ import annotations

from dishka import Provider, Scope, make_async_container, provide
from litestar import Litestar
from sqlalchemy import Engine

from mtf.identity.adapters.http.auth import AuthController
from mtf.identity.adapters.passwords import Argon2PasswordHasher
from mtf.identity.adapters.postgres.read_model import SqlOperatorRepository
from mtf.identity.application.use_cases import IdentityService
from mtf.kernel.db import make_engine
from mtf.kernel.service_app import build_service_app
from mtf.kernel.settings import Settings, get_settings

SERVICE = "identity"


class IdentityProvider(Provider):
    scope = Scope.APP

    def __init__(self, engine: Engine, settings: Settings) -> None:
        super().__init__()
        self.engine = engine
        self.settings = settings

    @provide
    def identity(self) -> IdentityService:
        return identity_service(self.engine, self.settings)


def identity_service(engine: Engine, settings: Settings) -> IdentityService:
    return IdentityService(
        SqlOperatorRepository(engine),
        Argon2PasswordHasher(),
        settings.jwt_secret,
        settings.jwt_ttl_seconds,
    )


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    engine = make_engine(settings.database_url_for(SERVICE), SERVICE)
    container = make_async_container(IdentityProvider(engine, settings))
    return build_service_app(
        SERVICE,
        settings,
        route_handlers=[AuthController],
        container=container,
        engine=engine,
        event_store=None,
    )
