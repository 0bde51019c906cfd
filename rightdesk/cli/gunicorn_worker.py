"""The web server's worker: gunicorn's sync worker, with the desk's error shape.

gunicorn refuses an over-long request line (414), over-large headers (431) and
malformed requests (400) itself, before Django sees them, with an HTML page of
its own. This worker lets gunicorn decide the status, then answers it as the
desk does: JSON `{code, message, details}` under /api/, a plain page elsewhere.
"""

from __future__ import annotations

import html
import json
import socket
from typing import Any

from gunicorn import util
from gunicorn.workers.sync import SyncWorker

API_PREFIX = b"/api/"
_HEAD_BYTES = 64


class _Recording:
    """The client socket, remembering the first bytes received: the start of the
    request line says whether a request gunicorn refused was meant for the API."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self.head = b""

    def recv(self, size: int, *flags: Any) -> bytes:
        data = self._sock.recv(size, *flags)
        if len(self.head) < _HEAD_BYTES:
            self.head += data[: _HEAD_BYTES - len(self.head)]
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class _Capture:
    """Stands in for the client while gunicorn writes its own error page."""

    def __init__(self) -> None:
        self.data = b""

    def gettimeout(self) -> float:
        return 0.0

    def sendall(self, data: bytes) -> None:
        self.data += data


def _status(page: bytes) -> tuple[int, str]:
    """(500, "Internal Server Error") from "HTTP/1.1 500 Internal Server Error\r\n..."."""
    line = page.split(b"\r\n", 1)[0].decode("latin-1")
    _version, code, reason = [*line.split(" ", 2), "", ""][:3]
    return (int(code), reason) if code.isdigit() else (500, "Internal Server Error")


def _for_api(req: Any, client: Any) -> bool:
    path = getattr(req, "path", None)
    if path:
        return str(path).startswith(API_PREFIX.decode())
    parts = getattr(client, "head", b"").lstrip(b"\r\n").split(b" ")
    return len(parts) > 1 and parts[1].startswith(API_PREFIX)


def raw_error_response(status: int, reason: str, *, api: bool) -> bytes:
    """The whole HTTP response for an error the server answers before the desk."""
    from django.utils import translation

    from rightdesk.core.errors import error_code_message

    with translation.override(None):
        code, message = error_code_message(status)
    if api:
        body = json.dumps({"code": code, "message": message, "details": None}).encode()
        content_type = "application/json"
    else:
        text = html.escape(message)
        body = (
            f"<!doctype html><html><head><meta charset=utf-8><title>{text}</title></head>"
            f"<body><h1>{status}</h1><p>{text}</p></body></html>"
        ).encode()
        content_type = "text/html; charset=utf-8"
    head = (
        f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
        "X-Content-Type-Options: nosniff\r\n\r\n"
    )
    return head.encode("latin-1") + body


class DeskWorker(SyncWorker):  # type: ignore[misc]
    """`rightdesk serve`'s worker class."""

    def handle(self, listener: Any, client: Any, addr: Any) -> None:
        super().handle(listener, client if self.cfg.is_ssl else _Recording(client), addr)

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        # gunicorn logs, writes the access line and picks the status; the page is ours.
        capture = _Capture()
        super().handle_error(req, capture, addr, exc)
        status, reason = _status(capture.data)
        try:
            answer = raw_error_response(status, reason, api=_for_api(req, client))
            util.write_nonblock(client, answer)
        except Exception:  # the client may be gone; gunicorn ignores that too
            self.log.debug("Failed to send error message.")
