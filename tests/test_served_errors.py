"""What the web server refuses before the desk sees a request still has the desk's shape.

Through a real `rightdesk serve` (gunicorn) on a free loopback port: an over-long
request line or header is JSON `{code, message, details}` under /api/, and a
plain page elsewhere, never gunicorn's own HTML.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest

from rightdesk.api.main import api as ninja_api
from tests.test_cli import BIN


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    data = tmp_path_factory.mktemp("served")
    dropped = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(RIGHTDESK_DATA_DIR=str(data), RIGHTDESK_LANGUAGE="en")
    subprocess.run([str(BIN), "migrate"], env=env, check=True, capture_output=True, timeout=300)
    port = _free_port()
    log = (data / "serve.log").open("w")
    process = subprocess.Popen(
        [str(BIN), "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _exchange(port: int, raw: bytes) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(raw)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    head, _sep, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split(" ")[1]), headers, body


HOST = b"\r\nHost: h\r\n"
END = HOST + b"\r\n"
LONG_LINE = b"a" * 6000
BIG_HEADER = b"X-Note: " + b"a" * 9000 + b"\r\n"
MANY_HEADERS = b"".join(b"X-N%d: a\r\n" % i for i in range(150))


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        (b"GET /api/v1/conversations?q=" + LONG_LINE + b" HTTP/1.1" + END, 414, "uri_too_long"),
        (b"GET /api/v1/tags HTTP/1.1" + HOST + BIG_HEADER + b"\r\n", 431, "headers_too_large"),
        (b"GET /api/v1/tags HTTP/1.1" + HOST + MANY_HEADERS + b"\r\n", 431, "headers_too_large"),
        (b"GET /api/v1/tags HTTP/1.1" + HOST + b"Bad Header: x\r\n\r\n", 400, "bad_request"),
    ],
)  # fmt: skip
def test_api_paths_get_the_json_error_shape(server: int, raw: bytes, status: int, code: str):
    got, headers, body = _exchange(server, raw)
    assert got == status, body
    assert headers["Content-Type"] == "application/json"
    answer = json.loads(body)
    assert answer["code"] == code and answer["message"] and answer["details"] is None
    assert b"<html" not in body


def test_other_paths_get_a_plain_page(server: int) -> None:
    got, headers, body = _exchange(
        server, b"GET /w/acme/?q=" + LONG_LINE + b" HTTP/1.1\r\nHost: h\r\n\r\n"
    )
    assert got == 414
    assert headers["Content-Type"].startswith("text/html")
    assert b"too long" in body and b"gunicorn" not in body.lower()


def test_the_server_still_answers_after_refusing(server: int) -> None:
    _exchange(server, b"GET /api/v1/tags?" + LONG_LINE + b" HTTP/1.1\r\nHost: h\r\n\r\n")
    got, _headers, body = _exchange(server, b"GET /api/v1/tags HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert (got, json.loads(body)["code"]) == (401, "unauthorized")


def test_the_spec_names_these_statuses() -> None:
    spec = ninja_api.get_openapi_schema()
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            assert {"414", "431"} <= set(map(str, op["responses"])), (method, path)
    assert "414" in spec["info"]["description"] and "431" in spec["info"]["description"]
