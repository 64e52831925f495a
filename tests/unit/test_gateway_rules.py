"""The gateway's decisions, without a network: which client address it vouches for, which
raw paths it refuses, where each process binds."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mtf.cli import bind_host
from mtf.gateway.adapters.guard import path_problem
from mtf.kernel.peers import decide_client_address, parse_networks
from mtf.kernel.settings import SERVICES, load_settings
from mtf.platform.stack import gateway_address

PROXIES = parse_networks("10.0.0.0/8, 2001:db8:1::/48")


def test_an_untrusted_peer_is_the_client_whatever_it_forwards() -> None:
    assert decide_client_address("203.0.113.5", "198.51.100.1", PROXIES) == "203.0.113.5"
    assert decide_client_address("203.0.113.5", "10.0.0.1, 127.0.0.1", PROXIES) == "203.0.113.5"
    assert decide_client_address("203.0.113.5", None, ()) == "203.0.113.5"
    # no proxy trusted at all: X-Forwarded-For is never believed, even from loopback
    assert decide_client_address("127.0.0.1", "198.51.100.1", ()) == "127.0.0.1"


def test_a_trusted_proxy_s_rightmost_untrusted_hop_is_the_client() -> None:
    # the client may prepend anything: only what our proxies appended counts
    forwarded = "1.2.3.4, 198.51.100.7, 10.1.2.3"
    assert decide_client_address("10.9.9.9", forwarded, PROXIES) == "198.51.100.7"
    assert decide_client_address("2001:db8:1::5", "2001:db8:ff::1", PROXIES) == "2001:db8:ff::1"
    # garbage hops are skipped, not believed
    assert decide_client_address("10.9.9.9", "not-an-ip, 198.51.100.8", PROXIES) == "198.51.100.8"
    # a trusted peer that forwards nothing is the client itself
    assert decide_client_address("10.9.9.9", None, PROXIES) == "10.9.9.9"


@pytest.mark.parametrize(
    "path",
    [
        b"/api/v1/../metrics",
        b"/api/v1/offers/.",
        b"/api/v1/offers/%2e%2e",
        b"/api/v1/offers/%2E",
        b"/api/v1/offers/%2f",
        b"/api/v1/offers/%2F",
        b"/api/v1/offers/%5C",
        b"/api/v1/offers/%252e%252e",
        b"/api/v1/offers/%25",
        b"/api/v1/offers\\..\\metrics",
        b"/api/v1//offers",
        b"/api/v1/offers/",
        b"/api/v1/offers/%0a",
        b"api/v1/offers",
    ],
)
def test_paths_with_tricks_are_refused(path: bytes) -> None:
    assert path_problem(path)


@pytest.mark.parametrize(
    "path",
    [b"/", b"/landing", b"/landing/", b"/api/v1/offers", b"/api/v1/offers/a.b..c", b"/a%20b"],
)
def test_plain_paths_pass(path: bytes) -> None:
    assert path_problem(path) is None


def test_an_exposed_gateway_leaves_the_services_on_loopback() -> None:
    settings = replace(load_settings(), host="127.0.0.1", gateway_host="0.0.0.0")
    assert bind_host(settings, "gateway") == "0.0.0.0"
    for service in SERVICES:
        assert bind_host(settings, service) == "127.0.0.1"
    # the launcher and the e2e stack then reach the gateway on loopback
    assert gateway_address({"MTF_GATEWAY_HOST": "0.0.0.0"}) == "127.0.0.1"
    assert gateway_address({"MTF_GATEWAY_HOST": "10.0.0.5"}) == "10.0.0.5"
    assert gateway_address({}) == "127.0.0.1"
