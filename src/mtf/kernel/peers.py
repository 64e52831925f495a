"""Who is asking: the client address the gateway saw, and the key rate limits count it under.

The gateway is the only door (services bind to loopback). It decides the client's address
from the socket peer, trusting `X-Forwarded-For` only when that peer is one of
`MTF_TRUSTED_PROXIES` (then the rightmost address that is not a trusted proxy), drops any
`X-MTF-Client-Address` a caller sent, and forwards its decision in that header. Services
read it with `client_address`; rate limits count `rate_key(address)` (IPv6 per /64, since
one subscriber holds a whole /64)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping

CLIENT_ADDRESS_HEADER = "x-mtf-client-address"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(raw: str) -> tuple[Network, ...]:
    """`MTF_TRUSTED_PROXIES`: comma-separated addresses or CIDR blocks (refused if not)."""
    networks: list[Network] = []
    for item in raw.split(","):
        part = item.strip()
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError as exc:
            raise RuntimeError(
                f"MTF_TRUSTED_PROXIES: {part!r} is not an address or CIDR block"
            ) from exc
    return tuple(networks)


def _address(raw: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    raw = raw.strip()
    if raw.startswith("[") and "]" in raw:  # [v6]:port
        raw = raw[1 : raw.index("]")]
    elif raw.count(":") == 1:  # v4:port
        raw = raw.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, proxies: Iterable[Network]
) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def decide_client_address(
    peer: str, forwarded_for: str | None, proxies: tuple[Network, ...]
) -> str:
    """What the gateway forwards: the socket peer, unless it is a trusted proxy; then the
    rightmost `X-Forwarded-For` hop that is not itself a trusted proxy."""
    peer_address = _address(peer)
    if peer_address is None:
        return "unknown"
    if not forwarded_for or not _trusted(peer_address, proxies):
        return str(peer_address)
    hops = [hop for hop in (_address(h) for h in forwarded_for.split(",")) if hop is not None]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            return str(hop)
    return str(hops[0]) if hops else str(peer_address)


def client_address(headers: Mapping[str, str], peer: str | None) -> str:
    """In a service: the address the gateway decided (the socket peer when called directly,
    which only a process on the same host can do)."""
    return headers.get(CLIENT_ADDRESS_HEADER) or peer or "unknown"


def rate_key(address: str) -> str:
    """The key a rate limit counts under: the IPv4 address, or the IPv6 /64."""
    parsed = _address(address)
    if parsed is None:
        return "unknown"
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)
