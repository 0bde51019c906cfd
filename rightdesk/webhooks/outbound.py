"""The one HTTP request that delivers a webhook: vetted addresses, no redirects, one deadline.

The check of where a request may go is made on the address actually connected
to, after DNS, so a name that later resolves to 127.0.0.1 is refused too (see
addresses.py); redirects are never followed. Each attempt has one deadline for
all of it: a socket timeout alone bounds each read, and a receiver that sends
a byte every few seconds would hold a worker forever.
"""

from __future__ import annotations

import http.client
import io
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from rightdesk.webhooks.addresses import address_is_public, private_allowed


class Refused(OSError):
    """The destination is not a public address and private ones are not allowed."""


class Deadline:
    """The moment by which one attempt must be over, whatever the receiver does."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left for the next wait; TimeoutError when none are."""
        remaining = self.at - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("deadline passed")
        return remaining


class _DeadlineReader(io.RawIOBase):
    """Reads the response; each wait for bytes ends at the deadline at the latest."""

    def __init__(self, sock: socket.socket, deadline: Deadline):
        super().__init__()
        self._sock = sock
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self._sock.settimeout(self._deadline.left())
        return self._sock.recv_into(buffer)


class DeadlineSocket:
    """The connected (maybe TLS) socket as http.client uses it: sendall, makefile, close."""

    def __init__(self, sock: socket.socket, deadline: Deadline):
        self._sock = sock
        self._deadline = deadline

    def sendall(self, data: bytes) -> None:
        # sendall's timeout bounds the whole call, not each chunk.
        self._sock.settimeout(self._deadline.left())
        self._sock.sendall(data)

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))

    def close(self) -> None:
        self._sock.close()


# getaddrinfo has no timeout of its own: lookups run here, and the attempt waits for
# one only until its deadline. A few threads are enough; a stuck lookup holds one
# until the system resolver gives up.
_RESOLVER = ThreadPoolExecutor(max_workers=8, thread_name_prefix="rightdesk-resolve")


def _resolve(host: str, port: int, deadline: Deadline) -> list[Any]:
    lookup = _RESOLVER.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        return list(lookup.result(timeout=deadline.left()))
    except FutureTimeout as exc:
        lookup.cancel()
        raise TimeoutError("name lookup took too long") from exc


def guarded_connection(
    address: tuple[str, int], *, deadline: Deadline, allow_private: bool
) -> socket.socket:
    """Connect within the deadline, refusing non-public destinations after resolving them."""
    host, port = address
    infos = _resolve(host, port, deadline)
    if not allow_private and any(not address_is_public(str(info[4][0])) for info in infos):
        raise Refused(_("refused: %(host)s is a private or local address") % {"host": host})
    error: OSError | None = None
    # Connect to the vetted addresses themselves: resolving again could give another answer.
    for family, kind, proto, _canon, sockaddr in infos:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(deadline.left())
            sock.connect(sockaddr)
            # What is left bounds the TLS handshake too (ssl keeps one deadline for it).
            sock.settimeout(deadline.left())
            return sock
        except OSError as exc:
            error = exc
            sock.close()
            if isinstance(exc, TimeoutError):
                raise
    raise error or OSError(f"no address for {host}")


def post(url: str, body: bytes, headers: dict[str, str], seconds: float) -> tuple[int | None, str]:
    """POST once within `seconds` in all, no redirects, no proxies.

    Returns (status code or None, error text).
    """
    deadline = Deadline(seconds)
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    try:
        connection = connection_class(parts.hostname or "", parts.port, timeout=seconds)
    except ValueError as exc:
        return None, str(exc)
    connection._create_connection = (  # type: ignore[attr-defined]
        lambda address, *_args: guarded_connection(
            address, deadline=deadline, allow_private=private_allowed()
        )
    )
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    try:
        connection.connect()
        connection.sock = DeadlineSocket(connection.sock, deadline)
        connection.request("POST", target, body=body, headers=headers)
        # Only the status matters; the body is not read, so a slow one cannot hold a worker.
        status = connection.getresponse().status
    except TimeoutError:
        return None, _("timed out: no complete answer within %(seconds)s seconds") % {
            "seconds": f"{deadline.seconds:g}"
        }
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return None, str(exc) or exc.__class__.__name__
    finally:
        connection.close()
    if 200 <= status < 300:
        return status, ""
    if 300 <= status < 400:
        return status, f"HTTP {status} (redirects are not followed)"
    return status, f"HTTP {status}"
