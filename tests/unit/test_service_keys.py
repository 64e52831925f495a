"""What each process is given (issue 11): the gateway, the exposed door, holds only its own
service key and none of the secrets that sign operator tokens or open personal data."""

from __future__ import annotations

import os

import pytest

from mtf.cli import child_env
from mtf.kernel.service_keys import SERVICE_NAMES, ServiceKeys, private_name, public_name
from mtf.kernel.settings import SERVICES, load_settings, missing_settings

SECRETS = {
    "MTF_JWT_SECRET": "j" * 40,
    "MTF_PII_KEY": "p" * 40,
    "MTF_CIN_HASH_KEY": "c" * 40,
    "MTF_ADMIN_PASSWORD": "a" * 20,
    # mid-rotation (docs/operations/key-rotation.md): withheld from the gateway as well
    "MTF_JWT_SECRET_PREVIOUS": "k" * 40,
    "MTF_PII_KEY_PREVIOUS": "q" * 40,
}


@pytest.fixture
def full_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = {**SECRETS, **ServiceKeys.generate().env()}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def test_the_gateway_gets_its_own_key_and_no_signing_secret(full_env: dict[str, str]) -> None:
    env = child_env("gateway")
    keys = ServiceKeys.from_env(env)
    assert set(keys.private) == {"gateway"}
    assert set(keys.public) == set(SERVICE_NAMES)  # it still checks everyone's signatures
    for name in SECRETS:
        assert name not in env
    assert env["MTF_PROCESS"] == "gateway"
    # and it starts with that: nothing it lacks is required of it
    os.environ.clear()
    os.environ.update(env)
    assert missing_settings(load_settings(), "gateway") == []


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_gets_only_its_own_private_key(full_env: dict[str, str], service: str) -> None:
    keys = ServiceKeys.from_env(child_env(service))
    assert set(keys.private) == {service}
    assert keys.signer(service) is not None
    with pytest.raises(RuntimeError, match="holds no private key"):
        keys.signer("gateway" if service != "gateway" else "billing")


def test_the_worker_acts_for_every_service_but_not_as_the_gateway(
    full_env: dict[str, str],
) -> None:
    keys = ServiceKeys.from_env(child_env("worker"))
    assert set(keys.private) == set(SERVICES)


def test_a_service_missing_its_key_is_refused_with_the_variable_named(
    full_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(private_name("billing"))
    assert missing_settings(load_settings(), "billing") == [private_name("billing")]
    # a process without the catalog's public key could not check the catalog's calls
    monkeypatch.delenv(public_name("catalog"))
    monkeypatch.delenv(private_name("catalog"))
    assert missing_settings(load_settings(), "gateway") == [public_name("catalog")]


def test_a_public_key_that_does_not_match_its_private_key_is_refused(
    full_env: dict[str, str],
) -> None:
    other = ServiceKeys.generate(("billing",)).env()[public_name("billing")]
    with pytest.raises(RuntimeError, match="is not the public key"):
        ServiceKeys.from_env({**full_env, public_name("billing"): other})


@pytest.mark.parametrize("value", ["short", "!!not base64!!", "A" * 44])
def test_a_malformed_key_is_refused(full_env: dict[str, str], value: str) -> None:
    with pytest.raises(RuntimeError, match=private_name("billing")):
        ServiceKeys.from_env({**full_env, private_name("billing"): value})
