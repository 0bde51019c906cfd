"""Remote images of a message: not loaded until an agent asks, then only through the desk."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.test import Client

from rightdesk.web.remote_images import desk_url_maker
from tests.factories import make_conversation
from tests.origin import GIF, HTML, PNG, SVG, Answer, Origin
from tests.receiver import Trickler
from tests.webclient import member_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def origin() -> Iterator[Origin]:
    server = Origin({"/img.png": Answer(body=PNG, headers={"Content-Type": "image/png"})}).start()
    yield server
    server.stop()


@pytest.fixture
def loopback_images(settings: Any, tmp_path: Any) -> None:
    # The sender's server listens on 127.0.0.1, which the desk refuses by default;
    # each test gets a cache of its own.
    settings.REMOTE_IMAGES_ALLOW_PRIVATE = True
    settings.DATA_DIR = tmp_path


def _message_with(workspace, *urls: str):  # type: ignore[no-untyped-def]
    body_html = "<p>Hello</p>" + "".join(f'<img src="{html.escape(u)}" alt="logo">' for u in urls)
    conv = make_conversation(workspace, body_html=body_html)
    return conv, conv.messages.get()


def _srcs(page: str) -> list[str]:
    return [html.unescape(src) for src in re.findall(r"<img[^>]*\ssrc=\"([^\"]*)\"", page)]


def _desk_image_urls(client: Client, workspace, conv, message) -> list[str]:  # type: ignore[no-untyped-def]
    page = client.get(f"/w/{workspace.slug}/c/{conv.pk}/?images={message.pk}")
    assert page.status_code == 200
    return _srcs(page.content.decode())


def _with(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return f"{parts.path}?{urlencode(query | changes)}"


def test_without_asking_no_remote_image_is_loaded_and_the_agent_may_ask(
    workspace, origin, loopback_images
) -> None:
    # given
    conv, message = _message_with(workspace, origin.url("/img.png"))
    client, _user = member_client(workspace)
    # when
    page = client.get(f"/w/{workspace.slug}/c/{conv.pk}/").content.decode()
    # then
    assert not [src for src in _srcs(page) if "://" in src or "remote-image" in src]
    assert re.search(
        rf'href="[^"]*\?images={message.pk}#m{message.pk}"[^>]*>Show remote images<', page
    )
    assert origin.hits["/img.png"] == 0


def test_a_message_without_remote_images_offers_nothing_to_show(workspace) -> None:
    conv = make_conversation(workspace, body_html='<p>Hi</p><img src="cid:part1" alt="x">')
    client, _user = member_client(workspace)
    page = client.get(f"/w/{workspace.slug}/c/{conv.pk}/").content.decode()
    assert "Show remote images" not in page and '<img src="cid:part1" alt="x">' in page


def test_after_asking_the_image_is_shown_through_the_desk(
    workspace, origin, loopback_images
) -> None:
    # given
    conv, message = _message_with(workspace, origin.url("/img.png"))
    client, _user = member_client(workspace)
    # when
    srcs = _desk_image_urls(client, workspace, conv, message)
    # then: the page names only the desk, and the desk hands over the image
    assert len(srcs) == 1 and srcs[0].startswith(f"/w/{workspace.slug}/c/{conv.pk}/remote-image/?")
    image = client.get(srcs[0])
    assert image.status_code == 200 and image.content == PNG
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert image["Content-Security-Policy"] == "default-src 'none'"
    assert image["Cache-Control"].startswith("private, max-age=")
    # a second look comes from the desk's cache: the sender saw one fetch
    assert client.get(srcs[0]).content == PNG
    assert origin.hits["/img.png"] == 1
    page = client.get(f"/w/{workspace.slug}/c/{conv.pk}/?images={message.pk}").content.decode()
    assert "Hide remote images" in page


def test_the_served_type_is_the_one_the_bytes_show(workspace, origin, loopback_images) -> None:
    origin.routes["/said-html"] = Answer(body=GIF, headers={"Content-Type": "text/html"})
    conv, message = _message_with(workspace, origin.url("/said-html"))
    client, _user = member_client(workspace)
    image = client.get(_desk_image_urls(client, workspace, conv, message)[0])
    assert image.status_code == 200 and image["Content-Type"] == "image/gif"


def test_redirects_are_followed_a_few_times(workspace, origin, loopback_images) -> None:
    origin.routes["/moved"] = Answer(302, headers={"Location": "/img.png"})
    for hop in range(5):
        origin.routes[f"/loop{hop}"] = Answer(302, headers={"Location": f"/loop{hop + 1}"})
    conv, message = _message_with(workspace, origin.url("/moved"), origin.url("/loop0"))
    client, _user = member_client(workspace)
    moved, looping = _desk_image_urls(client, workspace, conv, message)
    assert client.get(moved).content == PNG
    assert client.get(looping).status_code == 502
    assert origin.hits["/loop4"] == 0


def test_a_forged_or_altered_address_fetches_nothing(workspace, origin, loopback_images) -> None:
    # given
    origin.routes["/other.png"] = Answer(body=PNG)
    conv, message = _message_with(workspace, origin.url("/img.png"))
    other_conv, other_message = _message_with(workspace, origin.url("/img.png"))
    client, _user = member_client(workspace)
    good = _desk_image_urls(client, workspace, conv, message)[0]
    # when / then
    base = f"/w/{workspace.slug}/c/{conv.pk}/remote-image/"
    for forged in (
        _with(good, s="0" * 64),
        _with(good, s=""),
        _with(good, u=origin.url("/other.png")),
        _with(good, m=str(other_message.pk)),
        _with(good, m="99999999999999999999999"),
        _with(good, m="x"),
        good.replace(f"/c/{conv.pk}/", f"/c/{other_conv.pk}/"),
        base,
        f"{base}?{urlencode({'m': message.pk, 'u': origin.url('/other.png')})}",
    ):
        assert client.get(forged).status_code == 404, forged
    assert origin.hits["/other.png"] == 0 and origin.hits["/img.png"] == 0


def test_another_workspace_gets_a_404(workspace, other_workspace, origin, loopback_images) -> None:
    conv, message = _message_with(workspace, origin.url("/img.png"))
    client, _user = member_client(workspace)
    good = _desk_image_urls(client, workspace, conv, message)[0]
    stranger, _other = member_client(other_workspace)
    assert stranger.get(good).status_code == 404
    assert stranger.get(good.replace(workspace.slug, other_workspace.slug)).status_code == 404
    assert Client().get(good).status_code == 302  # to the login page
    assert origin.hits["/img.png"] == 0


def test_a_private_address_is_refused(workspace, origin, settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    settings.REMOTE_IMAGES_ALLOW_PRIVATE = False
    settings.WEBHOOKS_ALLOW_PRIVATE = True  # the webhooks' switch does not open it
    conv, message = _message_with(
        workspace, origin.url("/img.png"), origin.url("/img.png").replace("127.0.0.1", "localhost")
    )
    client, _user = member_client(workspace)
    for url in _desk_image_urls(client, workspace, conv, message):
        refused = client.get(url)
        assert refused.status_code == 502
        assert refused.content.decode() == "The image could not be fetched."
    assert origin.hits["/img.png"] == 0


@pytest.mark.parametrize(
    ("body", "declared"),
    [(SVG, "image/svg+xml"), (HTML, "text/html"), (HTML, "image/png"), (b"", "image/png")],
)
def test_an_answer_that_is_not_a_bitmap_is_refused(
    workspace, origin, loopback_images, body: bytes, declared: str
) -> None:
    origin.routes["/pic"] = Answer(body=body, headers={"Content-Type": declared})
    conv, message = _message_with(workspace, origin.url("/pic"))
    client, _user = member_client(workspace)
    refused = client.get(_desk_image_urls(client, workspace, conv, message)[0])
    assert refused.status_code == 502 and b"<" not in refused.content


def test_an_oversized_answer_is_refused(workspace, origin, loopback_images, settings) -> None:
    settings.REMOTE_IMAGES_MAX_BYTES = 100_000
    big = PNG + bytes(200_000)
    origin.routes["/declared"] = Answer(body=big, headers={"Content-Type": "image/png"})
    origin.routes["/streamed"] = Answer(body=big, streamed=True)
    origin.routes["/fits"] = Answer(body=PNG + bytes(90_000), streamed=True)
    conv, message = _message_with(
        workspace, origin.url("/declared"), origin.url("/streamed"), origin.url("/fits")
    )
    client, _user = member_client(workspace)
    declared, streamed, fits = _desk_image_urls(client, workspace, conv, message)
    assert client.get(declared).status_code == 502
    assert client.get(streamed).status_code == 502
    assert client.get(fits).status_code == 200


def test_a_slow_server_is_cut_off_at_the_deadline(workspace, loopback_images, settings) -> None:
    # given: a server that answers its status line, then a header byte now and then, forever
    settings.REMOTE_IMAGES_SECONDS = 1
    slow = Trickler(every=0.2).start()
    try:
        conv, message = _message_with(workspace, slow.url())
        client, _user = member_client(workspace)
        # when
        answer = client.get(_desk_image_urls(client, workspace, conv, message)[0])
    finally:
        slow.stop()
    # then: the desk gave up (the test would hang otherwise) and said so briefly
    assert answer.status_code == 502 and slow.requests == 1


def test_an_unreadable_images_choice_shows_the_page_as_usual(workspace, origin) -> None:
    conv, _message = _message_with(workspace, origin.url("/img.png"))
    client, _user = member_client(workspace)
    for asked in ("x", "-1", "99999999999999999999999", "1e3", "٣"):
        page = client.get(f"/w/{workspace.slug}/c/{conv.pk}/", {"images": asked})
        assert page.status_code == 200
        assert not [src for src in _srcs(page.content.decode()) if "remote-image" in src]


def test_an_address_with_spaces_or_letters_beyond_ascii_is_sent_encoded(
    workspace, origin, loopback_images
) -> None:
    origin.routes["/logo%20%C3%A4.png?v=1%202"] = Answer(body=PNG)
    conv, message = _message_with(workspace, origin.url("/logo ä.png?v=1%202"))
    client, _user = member_client(workspace)
    assert client.get(_desk_image_urls(client, workspace, conv, message)[0]).content == PNG


def test_a_message_has_at_most_twenty_images_fetched(workspace, origin, loopback_images) -> None:
    # given: each fetch holds a worker, so a message cannot ask for a hundred
    urls = [origin.url(f"/img.png?n={n}") for n in range(25)]
    conv, message = _message_with(workspace, *urls)
    client, _user = member_client(workspace)
    # when
    page = client.get(f"/w/{workspace.slug}/c/{conv.pk}/?images={message.pk}").content.decode()
    # then: the rest stay links; a signed address of one of them would fetch nothing
    srcs = _srcs(page)
    assert len(srcs) == 20 and all("/remote-image/" in src for src in srcs)
    assert page.count('class="remote-image"') == 5
    assert client.get(desk_url_maker(message, workspace.slug)(urls[24])).status_code == 404
    assert origin.hits["/img.png?n=24"] == 0
