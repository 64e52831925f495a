"""Webhook URLs an attacker would try to aim inside: every one is refused with a reason, and
the allowance for local hosts never opens the metadata addresses."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mtf.identity.adapters.webhook_http import DeliveryStopped, WebhookTargets, shown_error
from mtf.identity.app import webhook_targets
from mtf.kernel.settings import load_settings

PUBLIC = "93.184.216.34"


def resolving(answers: dict[str, list[str]]) -> WebhookTargets:
    def resolve(host: str, port: int) -> list[str]:
        if host not in answers:
            raise OSError("no such host")
        return answers[host]

    return WebhookTargets(resolver=resolve)


REFUSED = [
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.1.1/",
    "http://127.0.0.1:5432/",
    "http://127.8.9.10/",
    "http://localhost/",
    "http://10.0.0.1/",
    "http://172.16.3.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://100.100.100.200/",
    "http://0.0.0.0/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://192.0.2.10/",
    "http://[::1]/",
    "http://[::]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[fd00:ec2::254]/",
    "http://[ff02::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[64:ff9b::7f00:1]/",
    "http://[2002:7f00:1::]/",
    "http://2130706433/",
    "http://0x7f.1/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://127.1/",
    "http://017700000001/",
    "http://public@127.0.0.1/",
    "http://user:pass@hooks.partner.example/",
    "http://hooks.partner.example@127.0.0.1/",
    "http://127.0.0.1\\@hooks.partner.example/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://METADATA.google.internal./",
    "http://metadata/",
    "file:///etc/passwd",
    "gopher://hooks.partner.example/",
    "ftp://hooks.partner.example/",
    "javascript:alert(1)",
    "http:///nohost",
    "http://hooks.partner.example:99999/",
    "http://hooks.partner.example\t.evil/",
    "http://internal.partner.example/",  # resolves to a private address
    "http://mixed.partner.example/",  # one public, one loopback answer
    "http://unknown.partner.example/",  # does not resolve
    "http://" + "a" * 2000 + ".example/",
]


@pytest.mark.parametrize("url", REFUSED)
def test_inside_urls_are_refused_with_a_reason(url: str) -> None:
    targets = resolving(
        {
            "hooks.partner.example": [PUBLIC],
            "internal.partner.example": ["10.1.2.3"],
            "mixed.partner.example": [PUBLIC, "127.0.0.1"],
            "localhost": ["127.0.0.1", "::1"],
        }
    )
    reason = targets.refusal(url)
    assert reason, url


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.partner.example/mtf",
        "http://hooks.partner.example:8443/mtf?token=x",
        f"https://{PUBLIC}/",
        "https://[2606:4700:4700::1111]/hooks",
    ],
)
def test_public_urls_are_accepted(url: str) -> None:
    assert resolving({"hooks.partner.example": [PUBLIC]}).refusal(url) is None


def test_the_reasons_say_what_is_wrong() -> None:
    targets = resolving({"internal.partner.example": ["10.1.2.3"]})
    assert "127.0.0.1 is a loopback address" in str(targets.refusal("http://127.0.0.1:5432/"))
    assert "metadata" in str(targets.refusal("http://169.254.169.254/"))
    assert "user information" in str(targets.refusal("http://public@127.0.0.1/"))
    assert "dotted quad" in str(targets.refusal("http://2130706433/"))
    assert "public addresses only" in str(targets.refusal("http://internal.partner.example/"))
    assert "does not resolve" in str(targets.refusal("http://nowhere.partner.example/"))


def test_allowed_hosts_open_local_addresses_but_never_metadata() -> None:
    def resolve(host: str, port: int) -> list[str]:
        return {"localhost": ["127.0.0.1"], "sneaky.dev": ["169.254.169.254"]}[host]

    targets = WebhookTargets(
        "localhost, 127.0.0.1,169.254.169.254,metadata.google.internal,sneaky.dev,[::ffff:a9fe:a9fe]",
        resolver=resolve,
    )
    assert targets.refusal("http://localhost:9000/hooks") is None
    assert targets.refusal("http://127.0.0.1:9000/hooks") is None
    assert targets.refusal("http://127.0.0.2:9000/hooks")  # not the listed host
    assert targets.refusal("http://169.254.169.254/latest/meta-data/")
    assert targets.refusal("http://metadata.google.internal/")
    assert targets.refusal("http://sneaky.dev/")  # allowed name, metadata address
    assert targets.refusal("http://[::ffff:a9fe:a9fe]/")
    with pytest.raises(DeliveryStopped) as stopped:
        targets.checked_addresses("sneaky.dev", 80)
    assert stopped.value.category == "address_refused"


def test_production_requires_https_except_for_allowed_hosts() -> None:
    def resolve(host: str, port: int) -> list[str]:
        return [PUBLIC]

    targets = WebhookTargets("receiver.local", require_https=True, resolver=resolve)
    assert "https" in str(targets.refusal("http://hooks.partner.example/"))
    assert targets.refusal("https://hooks.partner.example/") is None
    assert targets.refusal("http://receiver.local/") is None


def test_the_delivery_log_shows_categories_even_for_old_rows() -> None:
    assert shown_error("ConnectError") == "connection_error"
    assert shown_error("ReadTimeout") == "timeout"
    assert shown_error("HTTP 500") == "http_error"
    assert shown_error("address_refused") == "address_refused"
    assert shown_error(None) is None


def test_the_service_requires_https_in_production_and_reads_the_allowed_hosts() -> None:
    base = replace(load_settings(), webhook_allowed_hosts="Receiver.Local")
    production = webhook_targets(replace(base, env="production"))
    development = webhook_targets(replace(base, env="development"))
    assert production.require_https and not development.require_https
    assert production.allowed_hosts == development.allowed_hosts == frozenset({"receiver.local"})
    assert "https" in str(production.refusal(f"http://{PUBLIC}/"))
    assert development.refusal(f"http://{PUBLIC}/") is None
