"""Where a webhook may point: a public address, judged by one rule at creation and after DNS.

A webhook URL is chosen by a workspace manager, so the desk must not become a
way to reach its own network (SSRF): private, loopback, link-local and other
non-public addresses are refused unless `RIGHTDESK_WEBHOOKS_ALLOW_PRIVATE` is
set. IPv6 has several ways of carrying an IPv4 address (`::ffff:127.0.0.1`,
`64:ff9b::7f00:1`, `2002:7f00:1::`...), each of which a host or a gateway may
turn back into that IPv4 address: such an address is judged by the IPv4
address it carries, and forms whose IPv4 part cannot be judged are refused.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import SplitResult, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from rightdesk.core.errors import ValidationFailed

MAX_URL_LENGTH = 500
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}

# IPv6 networks that carry an IPv4 address, with the bit where it starts.
_CARRIERS = (
    (ipaddress.IPv6Network("::ffff:0:0/96"), 96),  # IPv4-mapped
    (ipaddress.IPv6Network("::ffff:0:0:0/96"), 96),  # IPv4-translated (SIIT)
    (ipaddress.IPv6Network("::/96"), 96),  # IPv4-compatible (deprecated), :: and ::1 too
    (ipaddress.IPv6Network("64:ff9b::/96"), 96),  # NAT64, well-known prefix
    (ipaddress.IPv6Network("2002::/16"), 16),  # 6to4
)
# Refused whole: a local NAT64 prefix puts the IPv4 address where its operator chose,
# and Teredo is reached through a relay the desk's own network picks.
_UNJUDGEABLE = (
    ipaddress.IPv6Network("64:ff9b:1::/48"),
    ipaddress.IPv6Network("2001::/32"),
)
_NETLOC = re.compile(r"(?:\[[^\[\]]+\]|[^\[\]:]+)(?::[0-9]*)?")
_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")


def private_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE", False))


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries, if it is of a form that carries one."""
    for network, start in _CARRIERS:
        if ip in network:
            return ipaddress.IPv4Address((int(ip) >> (128 - start - 32)) & 0xFFFFFFFF)
    return None


def address_is_public(address: str) -> bool:
    """True for a globally routable unicast address; an IPv6 carrying IPv4 is judged as that."""
    try:
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(
            address.split("%", 1)[0]
        )
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if any(ip in network for network in _UNJUDGEABLE):
            return False
        ip = embedded_ipv4(ip) or ip
    return ip.is_global and not ip.is_multicast


def url_check(url: str) -> str:
    """The URL, trimmed, if a webhook may point there; else a ValidationFailed saying why."""
    url = (url or "").strip()
    if not url or len(url) > MAX_URL_LENGTH:
        raise ValidationFailed(
            _("A webhook URL must be between 1 and 500 characters long."), code="invalid_url"
        )
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise ValidationFailed(
            _("A webhook URL must not contain spaces or control characters."), code="invalid_url"
        )
    parts = _split(url)
    _check_port(parts)
    host = _host_of(parts)
    if not private_allowed() and _names_private_host(host):
        raise ValidationFailed(
            _("A webhook cannot point at a private or local address."), code="private_address"
        )
    return url


def _split(url: str) -> SplitResult:
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed or malformed [IPv6] host
        parts = None
    if parts is None or parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationFailed(
            _("A webhook needs an http or https URL with a host name."), code="invalid_url"
        )
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise ValidationFailed(
            _("A webhook URL must not contain a user name or password; use the signing secret."),
            code="invalid_url",
        )
    return parts


def _check_port(parts: SplitResult) -> None:
    try:
        port = parts.port
    except ValueError:  # not a number, or out of range
        port = 0
    if port == 0 or not _NETLOC.fullmatch(parts.netloc):
        raise ValidationFailed(_("The port of the webhook URL is not valid."), code="invalid_url")


def _host_of(parts: SplitResult) -> str:
    """The host as the resolver will see it: an IP literal, or an ASCII (IDNA) name."""
    hostname = parts.hostname or ""
    if parts.netloc.startswith("["):
        try:
            return str(ipaddress.IPv6Address(hostname))
        except ValueError:
            pass
    else:
        try:
            # The same encoding socket.getaddrinfo applies, so `ⓛⓞⓒⓐⓛⓗⓞⓢⓣ` is judged as
            # the `localhost` it resolves as.
            host = hostname.encode("idna").decode("ascii").rstrip(".").lower()
        except UnicodeError:
            host = ""
        if len(host) <= 253 and all(_LABEL.fullmatch(label) for label in host.split(".")):
            return host
    raise ValidationFailed(_("The host name of the webhook URL is not valid."), code="invalid_url")


def _names_private_host(host: str) -> bool:
    """Judged without DNS (which may be slow or absent); delivery checks resolved addresses."""
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        return True
    if ":" in host:
        return not address_is_public(host)
    try:
        # inet_aton reads what the resolver reads: 127.1, 0x7f.0.0.1 and 2130706433 too.
        packed = socket.inet_aton(host)
    except OSError:
        return False
    return not address_is_public(str(ipaddress.IPv4Address(packed)))
