"""Who a request comes from, behind the proxy the README's "Production" section describes.

Behind it every request comes from the proxy's address. The proxy appends the address it was
connected from to X-Forwarded-For; anything further left was written by the client and proves
nothing. So, only for a request from a trusted proxy (TRUSTED_PROXIES), the address is the
right-most one in X-Forwarded-For that is not itself a trusted proxy.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """For django-axes (AXES_CLIENT_IP_CALLABLE): failed logins are counted by this address."""
    proxies = [ipaddress.ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES]
    address = request.META.get("REMOTE_ADDR", "")
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    while hops and any(ip_of(address) in network for network in proxies):
        hop = hops.pop().strip()
        if ip_of(hop) is None:
            break  # not an address, so not written by a proxy of ours
        address = hop
    return address


def ip_of(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None
