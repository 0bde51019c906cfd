from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from tests.factories import make_token, make_workspace
from tests.receiver import Receiver


class ApiClient:
    """A JSON client with a bearer token, as an integrator would use the API."""

    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _call(
        self, method: str, path: str, data: Any = None, raw: bytes | str | None = None
    ) -> Any:
        import json

        body = raw if raw is not None else (json.dumps(data) if data is not None else None)
        kwargs: dict[str, Any] = {"headers": self.headers}
        if body is not None:
            kwargs.update(data=body, content_type="application/json")
        return getattr(self.client, method)(f"/api/v1/{path.lstrip('/')}", **kwargs)

    def get(self, path: str) -> Any:
        return self._call("get", path)

    def post(self, path: str, data: Any = None, raw: bytes | str | None = None) -> Any:
        return self._call("post", path, data, raw)

    def patch(self, path: str, data: Any = None, raw: bytes | str | None = None) -> Any:
        return self._call("patch", path, data, raw)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `rightdesk ARGV...` in this process: (exit code, stdout, stderr)."""
    from rightdesk.cli import main

    try:
        main(list(argv))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def workspace(db):  # type: ignore[no-untyped-def]
    return make_workspace("Acme Floors")


@pytest.fixture
def other_workspace(db):  # type: ignore[no-untyped-def]
    return make_workspace("Other Shop")


@pytest.fixture
def api(workspace) -> ApiClient:  # type: ignore[no-untyped-def]
    return ApiClient(make_token(workspace))


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A real HTTP server on 127.0.0.1 that records webhook deliveries."""
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def allow_private_webhooks(settings: Any) -> None:
    # The receiver listens on 127.0.0.1, which production refuses by default.
    settings.WEBHOOKS_ALLOW_PRIVATE = True


@pytest.fixture
def mail_dirs(settings: Any, tmp_path: Any) -> None:
    """Raw mail and attachments of one test in a folder of its own."""
    settings.RAW_MAIL_DIR = tmp_path / "mail"
    settings.ATTACHMENTS_DIR = tmp_path / "attachments"
