from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from mtf.kernel.auth import issue_access_token
from mtf.kernel.settings import Settings


@pytest.fixture(scope="session")
def catalog_app(migrated_settings: Settings) -> Litestar:
    from mtf.catalog.app import create_app

    return create_app(migrated_settings)


@pytest.fixture(scope="session")
def identity_app(migrated_settings: Settings) -> Litestar:
    from mtf.identity.app import create_app

    return create_app(migrated_settings)


@pytest.fixture
async def catalog(catalog_app: Litestar) -> AsyncIterator[AsyncTestClient[Any]]:
    async with AsyncTestClient(app=catalog_app) as client:
        yield client


@pytest.fixture
async def identity(identity_app: Litestar) -> AsyncIterator[AsyncTestClient[Any]]:
    async with AsyncTestClient(app=identity_app) as client:
        yield client


@pytest.fixture
async def admin_headers(
    identity: AsyncTestClient[Any], migrated_settings: Settings
) -> dict[str, str]:
    response = await identity.post(
        "/api/v1/auth/token",
        json={"username": "admin", "password": migrated_settings.admin_password},
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def reader_headers(migrated_settings: Settings) -> dict[str, str]:
    """An operator whose role holds no write permission."""
    token = issue_access_token(
        migrated_settings.jwt_secret,
        subject="reader",
        username="reader",
        permissions=[],
        ttl_seconds=60,
    )
    return {"Authorization": f"Bearer {token}"}
