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
    # a seller identity of the operator's own (not the development defaults)
    "MTF_SELLER_NAME": "Atlas Télécom",
    "MTF_SELLER_LEGAL_FORM": "SA",
    "MTF_SELLER_ADDRESS": "12 boulevard Zerktouni, 20000 Casablanca",
    "MTF_SELLER_RC": "Casablanca 123457",
    "MTF_SELLER_IF": "1234567",
    "MTF_SELLER_ICE": "001234567000089",
    "MTF_SELLER_TP": "34567890",
    "MTF_SELLER_CAPITAL": "50000000.00",
    "MTF_SELLER_RIB": "007 780 0001234567890123 96",
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


# -- the seller's identity (issue 15): validated at start, required in production ----------


def test_the_seller_identity_is_read_with_its_numbers_ungrouped(env: pytest.MonkeyPatch) -> None:
    seller = get_settings().seller
    assert (seller.name, seller.ice, seller.rib, seller.capital) == (
        "Atlas Télécom",
        "001234567000089",
        "007780000123456789012396",
        "50000000.00",
    )


@pytest.mark.parametrize(
    ("name", "value", "rule"),
    [
        ("MTF_SELLER_ICE", "00123456700008", "exactly 15 digits"),
        ("MTF_SELLER_ICE", "0012345670000891", "exactly 15 digits"),
        ("MTF_SELLER_ICE", "00123456700008A", "exactly 15 digits"),
        ("MTF_SELLER_RIB", "00778000012345678901233", "24 digits"),
        ("MTF_SELLER_RIB", "007780000123456789012397", "with its key"),  # key off by one
        ("MTF_SELLER_IF", "12-34567", "1 to 10 digits"),
        ("MTF_SELLER_TP", "TP3456", "1 to 12 digits"),
        ("MTF_SELLER_RC", "Casablanca", "trade register number"),
        ("MTF_SELLER_CAPITAL", "-5", "positive amount"),
        ("MTF_SELLER_CAPITAL", "10 000,00", "positive amount"),
    ],
)
def test_a_malformed_seller_identifier_is_refused_naming_it(
    env: pytest.MonkeyPatch, name: str, value: str, rule: str
) -> None:
    message = refused(env, **{name: value})
    assert name in message and rule in message
    # refused on a laptop too: an invoice never carries a malformed identifier
    env.setenv("MTF_ENV", "development")
    assert name in refused(env, **{name: value})


@pytest.mark.parametrize("name", ["MTF_SELLER_NAME", "MTF_SELLER_ICE", "MTF_SELLER_RIB"])
def test_production_without_the_seller_identity_refuses_to_start(
    env: pytest.MonkeyPatch, name: str
) -> None:
    env.delenv(name)
    env.setenv("MTF_ENV", "production")
    assert f"{name} must be set" in refused(env)
    # in development the (fake, valid-format) defaults stand in
    env.setenv("MTF_ENV", "development")
    get_settings.cache_clear()
    seller = get_settings().seller
    assert seller.name and len(seller.ice) == 15 and len(seller.rib) == 24


def test_production_refuses_the_development_seller(env: pytest.MonkeyPatch) -> None:
    from mtf.kernel.settings import SELLER_VARIABLES

    env.setenv("MTF_ENV", "production")
    message = refused(env, MTF_SELLER_ICE=SELLER_VARIABLES["MTF_SELLER_ICE"][1])
    assert "MTF_SELLER_ICE is the development default" in message


def test_the_variables_before_issue_15_migrate(env: pytest.MonkeyPatch) -> None:
    env.delenv("MTF_SELLER_NAME")
    env.setenv("MTF_COMPANY_NAME", "Ancien Nom SA")
    get_settings.cache_clear()
    assert get_settings().seller.name == "Ancien Nom SA"
    message = refused(env, MTF_COMPANY_IDENTIFIERS="RC 1 - IF 2 - ICE 3")
    assert "MTF_COMPANY_IDENTIFIERS is no longer read" in message and "MTF_SELLER_ICE" in message


def test_env_example_lists_the_development_seller_which_is_valid() -> None:
    from dataclasses import replace
    from pathlib import Path

    from mtf.kernel.settings import SELLER_VARIABLES, load_settings, seller_problems

    example = Path(__file__).resolve().parents[2] / ".env.example"
    listed = {
        key: value
        for line in example.read_text(encoding="utf-8").splitlines()
        if line.startswith("# MTF_SELLER_")
        for key, _, value in [line[2:].partition("=")]
    }
    assert listed == {name: default for name, (_, default) in SELLER_VARIABLES.items()}
    defaults = {field: default for field, default in SELLER_VARIABLES.values()}
    assert seller_problems(replace(load_settings(), env="development", **defaults)) == []
