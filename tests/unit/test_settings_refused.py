"""Settings that must not run are refused at start, each with a message naming the setting."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mtf.kernel.service_keys import ServiceKeys
from mtf.kernel.settings import get_settings

GOOD = {
    "MTF_JWT_SECRET": "j" * 32,
    "MTF_PII_KEY": "p" * 32,
    "MTF_CIN_HASH_KEY": "c" * 32,
    "MTF_ADMIN_PASSWORD": "a-long-admin-password",
    "MTF_VAT_RATE": "0.20",
    "MTF_ENV": "development",
    "MTF_LOG_FORMAT": "json",
    "MTF_LOG_LEVEL": "INFO",
    "MTF_TRUSTED_PROXIES": "",
    "DATABASE_URL": "postgresql://billing:s3cret@db.internal:5432/mtf",
}


KEYS = ServiceKeys.generate().env()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    for key, value in {**GOOD, **KEYS}.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def refused(env: pytest.MonkeyPatch, **values: str) -> str:
    for key, value in values.items():
        env.setenv(key, value)
    get_settings.cache_clear()
    with pytest.raises(RuntimeError) as caught:
        get_settings()
    return str(caught.value)


def test_good_settings_start(env: pytest.MonkeyPatch) -> None:
    assert get_settings().jwt_secret == GOOD["MTF_JWT_SECRET"]
    env.setenv("MTF_ENV", "production")
    get_settings.cache_clear()
    assert get_settings().is_production


@pytest.mark.parametrize("name", ["MTF_JWT_SECRET", "MTF_PII_KEY", "MTF_CIN_HASH_KEY"])
def test_a_secret_shorter_than_32_bytes_is_refused(env: pytest.MonkeyPatch, name: str) -> None:
    message = refused(env, **{name: "x"})
    assert f"{name} is 1 bytes long; it must be at least 32" in message
    # 31 bytes is still too short, whatever the characters
    assert name in refused(env, **{name: "é" * 15 + "x"})


@pytest.mark.parametrize("rate", ["20", "1", "1.0", "-0.1", "abc", "NaN", "Infinity", ""])
def test_a_vat_rate_outside_zero_to_one_is_refused(env: pytest.MonkeyPatch, rate: str) -> None:
    assert "MTF_VAT_RATE" in refused(env, MTF_VAT_RATE=rate)


@pytest.mark.parametrize("rate", ["0", "0.20", "0.999"])
def test_a_vat_rate_in_zero_to_one_starts(env: pytest.MonkeyPatch, rate: str) -> None:
    env.setenv("MTF_VAT_RATE", rate)
    get_settings.cache_clear()
    assert get_settings().vat_rate == rate


def test_an_unknown_timezone_is_refused(env: pytest.MonkeyPatch) -> None:
    assert "MTF_TIMEZONE" in refused(env, MTF_TIMEZONE="Mars/Olympus_Mons")


def test_an_unknown_environment_or_bad_proxy_list_is_refused(env: pytest.MonkeyPatch) -> None:
    assert "MTF_ENV='prod'" in refused(env, MTF_ENV="prod")
    env.setenv("MTF_ENV", "development")
    assert "MTF_TRUSTED_PROXIES" in refused(env, MTF_TRUSTED_PROXIES="10.0.0.0/8, lb.internal")


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"MTF_LOG_FORMAT": "console"}, "MTF_LOG_FORMAT"),
        ({"MTF_LOG_LEVEL": "DEBUG"}, "MTF_LOG_LEVEL"),
        ({"MTF_ADMIN_PASSWORD": "stack-admin-password"}, "MTF_ADMIN_PASSWORD"),
        ({"MTF_ADMIN_PASSWORD": "short"}, "MTF_ADMIN_PASSWORD"),
        ({"MTF_JWT_SECRET": "stack-jwt-secret-0123456789abcdef0123456789"}, "MTF_JWT_SECRET"),
        ({"MTF_PII_KEY": "stack-pii-key-0123456789abcdef0123456789"}, "MTF_PII_KEY"),
        ({"DATABASE_URL": "postgresql://postgres@localhost:5432/mtf"}, "DATABASE_URL"),
        ({"MTF_CIN_HASH_KEY": "p" * 32}, "must be a different value"),
    ],
)
def test_production_refuses_the_development_defaults(
    env: pytest.MonkeyPatch, values: dict[str, str], named: str
) -> None:
    env.setenv("MTF_ENV", "production")
    assert named in refused(env, **values)
    # the same values are fine on a laptop
    env.setenv("MTF_ENV", "development")
    get_settings.cache_clear()
    if named not in ("MTF_LOG_LEVEL", "MTF_LOG_FORMAT"):
        get_settings()


def test_every_problem_is_named_at_once(env: pytest.MonkeyPatch) -> None:
    message = refused(env, MTF_JWT_SECRET="short", MTF_VAT_RATE="20")
    assert message.startswith("refusing to start:")
    assert "MTF_JWT_SECRET" in message and "MTF_VAT_RATE" in message


def test_the_e2e_stack_and_test_fixtures_use_long_enough_secrets() -> None:
    from pathlib import Path

    from mtf.platform.stack import stack_env
    from tests.conftest import make_settings

    settings = make_settings("postgresql://x@localhost/x")
    for value in (settings.jwt_secret, settings.pii_key):
        assert len(value.encode()) >= 32
    assert len(settings.cin_hash_key.encode()) >= 32
    env = stack_env("postgresql://x@localhost/x", Path("/tmp"), 18000)
    for key in ("MTF_JWT_SECRET", "MTF_PII_KEY", "MTF_CIN_HASH_KEY"):
        assert len(env[key].encode()) >= 32, key
    # and a whole set of service keys, each process's own
    assert set(ServiceKeys.from_env(env).private) == set(settings.service_keys.private)
