"""Where a webhook may point, and the one HTTP request that delivers it.

A webhook URL is chosen by a workspace manager, so the desk must not become a
way to reach its own network (SSRF): private, loopback, link-local and other
non-public addresses are refused unless `RIGHTDESK_WEBHOOKS_ALLOW_PRIVATE` is
set. The check is made on the address actually connected to, after DNS, so a
name that later resolves to 127.0.0.1 is refused too; redirects are never
followed.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from rightdesk.core.errors import ValidationFailed

MAX_URL_LENGTH = 500
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class Refused(OSError):
    """The destination is not a public address and private ones are not allowed."""


def private_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE", False))


def address_is_public(address: str) -> bool:
    """True for a globally routable unicast address (IPv4-mapped IPv6 judged as IPv4)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def url_check(url: str) -> str:
    """The URL, trimmed, if a webhook may point there; else a ValidationFailed saying why."""
    url = (url or "").strip()
    if not url or len(url) > MAX_URL_LENGTH:
        raise ValidationFailed(
            _("A webhook URL must be between 1 and 500 characters long."), code="invalid_url"
        )
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationFailed(
            _("A webhook needs an http or https URL with a host name."), code="invalid_url"
        )
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise ValidationFailed(
            _("A webhook URL must not contain a user name or password; use the signing secret."),
            code="invalid_url",
        )
    try:
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number in range
    except ValueError as exc:
        raise ValidationFailed(
            _("The port of the webhook URL is not valid."), code="invalid_url"
        ) from exc
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise ValidationFailed(
            _("A webhook URL must not contain spaces or control characters."), code="invalid_url"
        )
    if not private_allowed() and _names_private_host(parts.hostname):
        raise ValidationFailed(
            _("A webhook cannot point at a private or local address."), code="private_address"
        )
    return url


def _names_private_host(hostname: str) -> bool:
    """Judged without DNS (which may be slow or absent); delivery checks resolved addresses."""
    host = hostname.rstrip(".").lower()
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address_is_public(host)


def _guarded_connection(
    address: tuple[str, int], timeout: Any = None, source_address: Any = None
) -> socket.socket:
    """socket.create_connection that refuses non-public destinations after resolving them."""
    host, port = address
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    allow = private_allowed()
    if not allow and any(not address_is_public(str(info[4][0])) for info in infos):
        raise Refused(_("refused: %(host)s is a private or local address") % {"host": host})
    error: OSError | None = None
    # Connect to the vetted addresses themselves: resolving again could give another answer.
    for family, kind, proto, _canon, sockaddr in infos:
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not None:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            error = exc
            sock.close()
    raise error or OSError(f"no address for {host}")


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int | None, str]:
    """POST once, no redirects, no proxies. Returns (status code or None, error text)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    try:
        connection = connection_class(host, parts.port, timeout=timeout)
    except ValueError as exc:
        return None, str(exc)
    connection._create_connection = _guarded_connection  # type: ignore[attr-defined]
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    try:
        connection.request("POST", target, body=body, headers=headers)
        # Only the status matters; the body is not read, so a slow one cannot hold a worker.
        status = connection.getresponse().status
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return None, str(exc) or exc.__class__.__name__
    finally:
        connection.close()
    if 200 <= status < 300:
        return status, ""
    if 300 <= status < 400:
        return status, f"HTTP {status} (redirects are not followed)"
    return status, f"HTTP {status}"
