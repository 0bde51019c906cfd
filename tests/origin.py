"""A real HTTP server on 127.0.0.1 that answers GETs as its routes say: a sender's image host."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Sent in pieces without a Content-Length, as a server that streams would.
    streamed: bool = False


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)
GIF = b"GIF89a" + bytes(32)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


class Origin:
    """Serves `routes` (path → Answer); counts the GETs each path received."""

    def __init__(self, routes: dict[str, Answer]):
        self.routes = routes
        self.hits: Counter[str] = Counter()
        origin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self) -> None:
                origin.hits[self.path] += 1
                answer = origin.routes.get(self.path, Answer(404, b"no"))
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                if not answer.streamed:
                    self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                try:
                    for start in range(0, len(answer.body), 65536):
                        self.wfile.write(answer.body[start : start + 65536])
                except OSError:
                    pass  # the desk stopped reading

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def start(self) -> Origin:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
