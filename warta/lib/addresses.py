"""Who is asking: the client's address, read through trusted proxies only.

Behind nginx or a CDN every request arrives from the proxy's address. The proxy names the real
client in X-Forwarded-For, but anyone can send that header, so it is believed only when the
request came from a proxy listed in WARTA_TRUSTED_PROXIES.
"""

from functools import cache
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from django.conf import settings
from django.http import HttpRequest


@cache
def _networks(proxies: tuple[str, ...]) -> tuple[IPv4Network | IPv6Network, ...]:
    return tuple(ip_network(proxy, strict=False) for proxy in proxies)


def _trusted(address: str) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in _networks(tuple(settings.WARTA_TRUSTED_PROXIES)))


def client_ip(request: HttpRequest) -> str:
    """The address of the person asking: the nearest untrusted hop, read from the right."""
    address = request.META.get("REMOTE_ADDR", "")
    if not _trusted(address):
        return address
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not _trusted(hop):
            try:
                return str(ip_address(hop))
            except ValueError:
                return address  # a proxy that forwards junk: fall back to the proxy itself
    return address
