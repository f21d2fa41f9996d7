"""The client's real address, behind the proxies the installation trusts (``TRUSTED_PROXIES``).

``X-Forwarded-For`` is written by whoever sends the request, so it is read only when the request
comes from a trusted proxy, and then from the right: the first address that is not itself a trusted
proxy is the one our own proxy saw. Everything a client puts further left is ignored. Without
trusted proxies ``REMOTE_ADDR`` is the client (gunicorn straight on the internet, or the demo).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(raw: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in raw)


UNKNOWN = "0.0.0.0"  # noqa: S104 - a marker, nothing listens on it: stored where an address must be


def _ip(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    ip = _ip(address)
    return ip is not None and any(ip in net for net in networks)


def client_address(request: HttpRequest) -> str:
    """Always a valid IP address (it is stored in ``inet`` columns on PostgreSQL): a missing or
    malformed ``REMOTE_ADDR`` is ``UNKNOWN``; a malformed forwarded hop ends the walk."""
    remote_ip = _ip(request.META.get("REMOTE_ADDR", ""))
    remote = str(remote_ip) if remote_ip is not None else UNKNOWN
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _trusted(remote, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    last_valid = remote
    for hop in reversed(hops):
        ip = _ip(hop)
        if ip is None:
            return last_valid  # what a client wrote further left is not ours to read
        if not _trusted(hop, networks):
            return str(ip)
        last_valid = str(ip)
    return last_valid
