"""Where a webhook may be delivered: the URL rules and the address rules (issue 11).

A webhook URL is an `http(s)` URL without user information whose host is a DNS name or a
canonical IP literal (no decimal, octal or hex spellings). Every address it resolves to must
be public: loopback, private, link-local, shared (CGNAT), multicast, unspecified, reserved
and documentation blocks are refused, IPv4-mapped/embedded IPv6 forms included. Hosts
listed in `MTF_WEBHOOK_ALLOWED_HOSTS` skip the public rule (local development); cloud
metadata addresses and names are refused whatever the list says.

Pure functions: resolving names and connecting is the adapter's job
(`mtf.identity.adapters.webhook_http`), which applies `address_refusal` to the very
address it connects to."""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_URL_LENGTH = 2000

# never a webhook target, even for an allowed host: instance metadata services and the
# whole IPv4 link-local block (AWS, Azure, GCP, Oracle at 169.254.169.254, Alibaba at
# 100.100.100.200, AWS over IPv6 at fd00:ec2::254, Azure's wire server 168.63.129.16)
METADATA_NETWORKS: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = (
    ipaddress.ip_network("169.254.0.0/16"),
    ipaddress.ip_network("100.100.100.200/32"),
    ipaddress.ip_network("168.63.129.16/32"),
    ipaddress.ip_network("fd00:ec2::254/128"),
    ipaddress.ip_network("fe80::/10"),
)
METADATA_HOSTS = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "instance-data",
        "instance-data.ec2.internal",
    }
)

CGNAT = ipaddress.ip_network("100.64.0.0/10")
# IPv6 prefixes that carry an IPv4 address the packet ends up at
NAT64 = ipaddress.ip_network("64:ff9b::/96")
NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
SIX_TO_FOUR = ipaddress.ip_network("2002::/16")

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")


@dataclass(frozen=True)
class Target:
    """A webhook URL that passed the URL rules: what to resolve and check."""

    scheme: str
    host: str  # lower case, no trailing dot, IPv6 without brackets
    port: int
    allowed: bool  # listed in MTF_WEBHOOK_ALLOWED_HOSTS
    literal: IPAddress | None  # the host is an IP literal


def normal_host(host: str) -> str:
    return host.strip().lower().rstrip(".").strip("[]")


def parse_allowed_hosts(raw: str) -> frozenset[str]:
    """`MTF_WEBHOOK_ALLOWED_HOSTS`: comma-separated host names (or IP literals)."""
    return frozenset(h for h in (normal_host(part) for part in raw.split(",")) if h)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in NAT64 or address in NAT64_LOCAL:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if int(address) >> 32 == 0 and int(address) > 1:  # deprecated IPv4-compatible ::a.b.c.d
        return ipaddress.IPv4Address(int(address))
    return None


def is_metadata(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        if inner is not None and is_metadata(inner):
            return True
        address = ipaddress.IPv6Address(int(address))  # drop any %scope
    return any(address.version == net.version and address in net for net in METADATA_NETWORKS)


def address_refusal(address: IPAddress, allowed: bool = False) -> str | None:
    """Why a webhook may not be delivered to this address (None: it may)."""
    if is_metadata(address):
        return "a cloud metadata or link-local address"
    if allowed:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        inner_reason = address_refusal(inner) if inner is not None else None
        if inner_reason is not None:
            return f"{inner_reason} (in an IPv6 form)"
    checks: tuple[tuple[bool, str], ...] = (
        (address.is_unspecified, "an unspecified address"),
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (
            isinstance(address, ipaddress.IPv4Address) and address in CGNAT,
            "a shared (CGNAT) address",
        ),
        (address.is_private, "a private address"),
        (address.is_reserved, "a reserved address"),
        (not address.is_global, "not a public address"),
    )
    for refused, reason in checks:
        if refused:
            return reason
    return None


def _legacy_ipv4_spelling(host: str) -> bool:
    """`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`: what inet_aton accepts but is not the
    canonical dotted quad."""
    try:
        socket.inet_aton(host)
    except OSError:
        return False
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        return True
    return False


def parse_target(
    url: str, allowed_hosts: frozenset[str] = frozenset(), require_https: bool = False
) -> tuple[Target | None, str | None]:
    """The URL rules: (target, None) or (None, why the URL is refused)."""
    if not url or len(url) > MAX_URL_LENGTH:
        return None, f"must be an http(s) URL of at most {MAX_URL_LENGTH} characters"
    if not url.isascii() or any(ch <= " " or ch in {"\x7f", "\\"} for ch in url):
        return None, "must be a plain ASCII URL (no spaces, backslashes or control characters)"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None, "must be an http(s) URL"
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.netloc or not parts.hostname:
        return None, "must be an http(s) URL"
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        return None, "must not contain user information (user@host)"
    host = normal_host(parts.hostname)
    allowed = host in allowed_hosts
    if host in METADATA_HOSTS or host.endswith(".metadata.google.internal"):
        return None, "must not point at a cloud metadata service"
    if require_https and scheme != "https" and not allowed:
        return None, "must use https"
    literal: IPAddress | None = None
    if parts.netloc.split("@")[-1].startswith("["):
        try:
            literal = ipaddress.IPv6Address(host)
        except ValueError:
            return None, "has an invalid IPv6 address"
    elif _legacy_ipv4_spelling(host):
        return None, "must write an IP address as a plain dotted quad (a.b.c.d)"
    else:
        try:
            literal = ipaddress.IPv4Address(host)
        except ValueError:
            labels = host.split(".")
            if not all(_LABEL.match(label) for label in labels) or len(host) > 253:
                return None, "has an invalid host name"
            if all(_NUMERIC_LABEL.match(label) for label in labels) or labels[-1].isdigit():
                return None, "must write an IP address as a plain dotted quad (a.b.c.d)"
    if literal is not None:
        reason = address_refusal(literal, allowed)
        if reason is not None:
            return None, f"must be a public address ({host} is {reason})"
    default_port = 443 if scheme == "https" else 80
    return Target(scheme, host, port or default_port, allowed, literal), None
