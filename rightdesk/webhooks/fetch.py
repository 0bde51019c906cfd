"""Getting a resource from a URL that someone outside chose, without exposing the desk.

Webhook deliveries and remote images in messages share the guard of outbound.py:
every connection (the first and each redirect's) goes only to the addresses DNS
gave, after each of them was judged public; one deadline bounds the whole
fetch, redirects included; reading stops past a size limit. A URL in a
customer's email is hostile, so nothing here says more than "failed" to the
person: the reason is for the desk's own log.
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from urllib.parse import SplitResult, quote, urljoin, urlsplit

from rightdesk.webhooks.outbound import Deadline, DeadlineSocket, guarded_connection

REDIRECTS = {301, 302, 303, 307, 308}


class FetchFailed(Exception):
    """Nothing usable came back; the text says why, for a log, never for a page."""


class _BodyReadable(DeadlineSocket):
    """http.client closes the socket once it has the headers of a last response and reads the
    body through its file after; the socket itself is closed when the fetch is over."""

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class Fetched:
    """A complete 200 answer: the URL it finally came from, its declared type, its bytes."""

    url: str
    content_type: str
    body: bytes


def url_fetch(
    url: str,
    *,
    seconds: float,
    max_bytes: int,
    allow_private: bool,
    max_redirects: int = 3,
    accept: str = "*/*",
) -> Fetched:
    """GET `url` within `seconds` in all, following at most `max_redirects` redirects.

    Raises FetchFailed for anything but a 200 whose body is at most `max_bytes`.
    """
    deadline = Deadline(seconds)
    for _hop in range(max_redirects + 1):
        status, location, content_type, body = _get_once(
            url, deadline=deadline, max_bytes=max_bytes, allow_private=allow_private, accept=accept
        )
        if status in REDIRECTS:
            if not location:
                raise FetchFailed(f"HTTP {status} without a Location")
            url = urljoin(url, location)
            continue
        if status != 200:
            raise FetchFailed(f"HTTP {status}")
        return Fetched(url=url, content_type=content_type, body=body)
    raise FetchFailed(f"more than {max_redirects} redirects")


def _parts(url: str) -> tuple[SplitResult, int]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:  # a malformed [IPv6] host, a port out of range
        raise FetchFailed(f"not a usable URL: {exc}") from exc
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchFailed("not an http or https URL with a host")
    # An explicit port keeps http.client from reading one out of an IPv6 host.
    return parts, port or (443 if parts.scheme == "https" else 80)


def _get_once(
    url: str, *, deadline: Deadline, max_bytes: int, allow_private: bool, accept: str
) -> tuple[int, str, str, bytes]:
    """One GET: (status, Location, Content-Type, body); the body is read only for a 200."""
    parts, port = _parts(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname or "", port, timeout=deadline.seconds)
    connection._create_connection = (  # type: ignore[attr-defined]
        lambda address, *_args: guarded_connection(
            address, deadline=deadline, allow_private=allow_private
        )
    )
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    # As a browser sends it: spaces and non-ASCII percent-encoded, what is encoded kept.
    target = quote(target, safe="/?#[]@!$&'()*+,;=:%~")
    raw = None
    try:
        connection.connect()
        raw = connection.sock
        connection.sock = _BodyReadable(raw, deadline)
        connection.request(
            "GET",
            target,
            headers={"Accept": accept, "User-Agent": "Rightdesk", "Connection": "close"},
        )
        response = connection.getresponse()
        location = response.getheader("Location") or ""
        content_type = response.getheader("Content-Type") or ""
        if response.status != 200:
            return response.status, location, content_type, b""
        declared = response.getheader("Content-Length") or ""
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchFailed(f"declared {declared} bytes, more than {max_bytes}")
        body = response.read(max_bytes + 1)
        if len(body) > max_bytes:
            raise FetchFailed(f"more than {max_bytes} bytes")
        return response.status, location, content_type, body
    except TimeoutError as exc:
        raise FetchFailed(f"no complete answer within {deadline.seconds:g} seconds") from exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise FetchFailed(str(exc) or exc.__class__.__name__) from exc
    finally:
        connection.close()
        if raw is not None:
            raw.close()
