"""What a browser is allowed to load and keep: the content policy, caching, TLS, the API docs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client

from rightdesk.core.catalogs import package_dir
from tests.conftest import ApiClient
from tests.factories import make_conversation, make_token
from tests.webclient import member_client

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    directives = [d.strip() for d in response["Content-Security-Policy"].split(";")]
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] if " " in d else "" for d in directives if d}


def test_pages_carry_a_policy_without_inline_script_or_remote_images(workspace) -> None:
    client, _user = member_client(workspace)
    for url in ("/login/", f"/w/{workspace.slug}/", "/no-such-page/"):
        policy = _policy(client.get(url))
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
        assert policy["img-src"] == "'self'" and policy["default-src"] == "'self'"
        assert policy["frame-ancestors"] == "'none'" and policy["base-uri"] == "'none'"
        assert policy["form-action"] == "'self'" and policy["object-src"] == "'none'"


def test_templates_hold_no_inline_script_handlers_or_styles() -> None:
    """The policy would block them: behaviour lives in static files."""
    for path in (package_dir() / "web" / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for script in re.findall(r"<script\b[^>]*>", text):
            assert " src=" in script, f"inline script in {path.name}"
        assert not re.search(r"\son[a-z]+\s*=", text), f"event handler in {path.name}"
        assert not re.search(r"\sstyle\s*=|<style\b|hx-on", text), f"inline style in {path.name}"
        assert "data:" not in text and "javascript:" not in text, path.name


def test_a_remote_image_in_a_message_is_a_link_the_agent_may_open(workspace) -> None:
    # given
    body_html = (
        '<p>Look:</p><img src="https://tracker.example.net/p.gif?u=1&amp;x=2" alt="our logo">'
        '<img src="http://plain.example.org/a.png"><img src="cid:part1" alt="inline">'
    )
    conv = make_conversation(workspace, body_html=body_html)
    client, _user = member_client(workspace)
    # when
    page = client.get(f"/w/{workspace.slug}/c/{conv.pk}/").content.decode()
    # then: nothing on the page makes the browser fetch from another host
    assert not re.search(r"<img[^>]+src=\"https?:", page)
    assert (
        '<a class="remote-image" href="https://tracker.example.net/p.gif?u=1&amp;x=2"'
        ' target="_blank" rel="noopener noreferrer nofollow">'
        "Remote image from tracker.example.net: our logo</a>"
    ) in page
    assert ">Remote image from plain.example.org</a>" in page
    assert '<img src="cid:part1" alt="inline">' in page


def test_signed_in_answers_are_not_stored(workspace) -> None:
    client, _user = member_client(workspace)
    # the page that shows a new token, and every other signed-in page
    made = client.post(f"/w/{workspace.slug}/tokens/", {"name": "script"})
    assert made.status_code == 200 and "rd_" in made.content.decode()
    assert made["Cache-Control"] == "no-store"
    assert client.get(f"/w/{workspace.slug}/")["Cache-Control"] == "no-store"
    assert ApiClient(make_token(workspace)).get("conversations")["Cache-Control"] == "no-store"


def test_the_api_docs_load_nothing_from_another_host() -> None:
    client = Client()
    # when
    page = client.get("/api/v1/docs")
    # then
    assert page.status_code == 200
    html = page.content.decode()
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html)
    assets = re.findall(r"(?:src|href)=\"([^\"]+)\"", html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert urlsplit(asset).netloc == ""
        served = client.get(asset)
        assert served.status_code == 200, asset
        served.close()
    policy = _policy(page)
    assert policy["script-src"] == "'self'" and policy["connect-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert client.get("/api/v1/openapi.json").status_code == 200


def _settings_under(env: dict[str, str], tmp_path: Path) -> list[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("RIGHTDESK_")}
    environ.update(RIGHTDESK_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="rightdesk.settings")
    environ.update(env)
    code = (
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True
    )
    return done.stdout.split(" ", 3)


def test_rightdesk_https_turns_on_secure_cookies_hsts_and_the_proxy_scheme(tmp_path: Path) -> None:
    assert _settings_under({}, tmp_path) == ["False", "False", "0", "None\n"]
    on = _settings_under({"RIGHTDESK_HTTPS": "true"}, tmp_path)
    assert on == ["True", "True", str(365 * 24 * 3600), "('HTTP_X_FORWARDED_PROTO', 'https')\n"]


def test_behind_tls_the_browser_is_told_to_stay_on_https(db, settings) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SESSION_COOKIE_SECURE = True
    r = Client().get("/login/", headers={"X-Forwarded-Proto": "https"})
    assert r["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in Client().get("/login/")
