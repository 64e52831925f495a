"""The webhook HTTP client: it connects only to addresses it has just checked.

`WebhookTargets` resolves a URL's host and applies the address rules of
`mtf.identity.domain.webhook_targets` (at subscription, for the 422). The client's network
backend resolves the host again for every new connection, checks every address the name
resolves to, and opens the socket to one of those checked addresses itself: there is no
second lookup for a DNS rebind to answer differently. TLS still verifies the certificate
against the URL's host name (SNI and the Host header are the name). Redirects are never
followed; proxies from the environment are never used.

Failures become one of a few categories (`DELIVERY_ERRORS`), never an exception's text or
class name, so the delivery log cannot be used to scan ports or read internal errors."""

from __future__ import annotations

import ipaddress
import socket
import ssl
import typing
from collections.abc import Callable, Iterable

import httpcore
import httpx

from mtf.identity.domain.webhook_targets import (
    IPAddress,
    address_refusal,
    normal_host,
    parse_allowed_hosts,
    parse_target,
)

# host, port -> the addresses it resolves to
Resolver = Callable[[str, int], list[str]]

DELIVERY_ERRORS = (
    "timeout",
    "connection_refused",
    "connection_error",
    "tls_error",
    "dns_error",
    "address_refused",
    "http_error",
)


class DeliveryStopped(Exception):
    """Raised before any byte is sent: the address is refused or the name does not resolve."""

    def __init__(self, category: str) -> None:
        super().__init__(category)
        self.category = category


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class WebhookTargets:
    """The address policy with its resolver: `MTF_WEBHOOK_ALLOWED_HOSTS`, https in
    production."""

    def __init__(
        self,
        allowed_hosts: Iterable[str] | str = (),
        require_https: bool = False,
        resolver: Resolver = system_resolver,
    ) -> None:
        if isinstance(allowed_hosts, str):
            allowed_hosts = parse_allowed_hosts(allowed_hosts)
        self.allowed_hosts = frozenset(normal_host(h) for h in allowed_hosts)
        self.require_https = require_https
        self.resolver = resolver

    def refusal(self, url: str) -> str | None:
        """Why a subscription to this URL is refused (None: it is accepted)."""
        target, reason = parse_target(url, self.allowed_hosts, self.require_https)
        if target is None:
            return reason
        if target.literal is not None:
            return None
        try:
            self.checked_addresses(target.host, target.port)
        except DeliveryStopped as stopped:
            if stopped.category == "dns_error":
                return f"its host {target.host} does not resolve"
            return f"must resolve to public addresses only ({target.host} does not)"
        return None

    def url_refused(self, url: str) -> bool:
        """At delivery: the URL rules again (the settings may have changed since)."""
        return parse_target(url, self.allowed_hosts, self.require_https)[0] is None

    def checked_addresses(self, host: str, port: int) -> list[str]:
        """The addresses to connect to: every one the host resolves to is checked, and one
        refused address refuses the host (no mixed answers)."""
        name = normal_host(host)
        allowed = name in self.allowed_hosts
        literal = _literal(name)
        if literal is not None:
            addresses: list[IPAddress] = [literal]
        else:
            try:
                answers = self.resolver(name, port)
            except (OSError, UnicodeError) as exc:
                raise DeliveryStopped("dns_error") from exc
            addresses = [a for a in (_literal(answer) for answer in answers) if a is not None]
            if not addresses:
                raise DeliveryStopped("dns_error")
        if any(address_refusal(a, allowed) is not None for a in addresses):
            raise DeliveryStopped("address_refused")
        return [str(a) for a in addresses]


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


class PinnedBackend(httpcore.NetworkBackend):
    """Opens each connection to an address `WebhookTargets` checked in the same step."""

    def __init__(
        self, targets: WebhookTargets, inner: httpcore.NetworkBackend | None = None
    ) -> None:
        self.targets = targets
        self.inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        last: Exception | None = None
        for address in self.targets.checked_addresses(host, port):
            try:
                return self.inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise DeliveryStopped("address_refused")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's transport over a connection pool whose connections are pinned."""

    def __init__(
        self,
        targets: WebhookTargets,
        inner: httpcore.NetworkBackend | None = None,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        super().__init__(verify=verify, trust_env=False, retries=0)
        limits = httpx.Limits(max_connections=20, max_keepalive_connections=10)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=PinnedBackend(targets, inner),
        )


def webhook_client(
    targets: WebhookTargets,
    timeout: float = 5.0,
    inner: httpcore.NetworkBackend | None = None,
    verify: ssl.SSLContext | bool = True,
) -> httpx.Client:
    return httpx.Client(
        transport=PinnedTransport(targets, inner, verify),
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
    )


def _causes(exc: BaseException) -> Iterable[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def error_category(exc: BaseException) -> str:
    """The generic category the delivery log shows for a failed attempt."""
    chain = list(_causes(exc))
    for found in chain:
        if isinstance(found, DeliveryStopped):
            return found.category
    if any(isinstance(found, ssl.SSLError | ssl.CertificateError) for found in chain):
        return "tls_error"
    if any(isinstance(found, httpx.TimeoutException | TimeoutError) for found in chain):
        return "timeout"
    if any(isinstance(found, ConnectionRefusedError) for found in chain):
        return "connection_refused"
    if any(isinstance(found, socket.gaierror) for found in chain):
        return "dns_error"
    return "connection_error"


def shown_error(stored: str | None) -> str | None:
    """What the delivery log shows for a stored error: a category (rows written before the
    categories held an exception class name or `HTTP nnn`)."""
    if stored is None or stored in DELIVERY_ERRORS:
        return stored
    if stored.startswith("HTTP "):
        return "http_error"
    if "Timeout" in stored:
        return "timeout"
    return "connection_error"
