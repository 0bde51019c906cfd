"""Where a webhook may point: one public/private rule for every address form, at creation
(a URL with a literal address, or a name written to look like one) and when sending
(the address the name resolved to)."""

from __future__ import annotations

from typing import Any

import pytest

from rightdesk.webhooks.actions import delivery_attempt
from rightdesk.webhooks.addresses import address_is_public, embedded_ipv4
from rightdesk.webhooks.models import Delivery, Endpoint
from tests.conftest import ApiClient
from tests.factories import make_conversation, make_webhook

pytestmark = pytest.mark.django_db

# (address, public?, why)
ADDRESSES = [
    ("8.8.8.8", True, "public IPv4"),
    ("127.0.0.1", False, "loopback"),
    ("10.1.2.3", False, "private"),
    ("169.254.169.254", False, "link-local, cloud metadata"),
    ("100.64.0.1", False, "shared address space"),
    ("224.0.0.1", False, "multicast"),
    ("2606:4700:4700::1111", True, "public IPv6"),
    ("::1", False, "IPv6 loopback"),
    ("::", False, "unspecified"),
    ("fe80::1%eth0", False, "link-local with a zone"),
    ("fc00::1", False, "unique local"),
    ("ff02::1", False, "IPv6 multicast"),
    ("::ffff:127.0.0.1", False, "IPv4-mapped loopback"),
    ("::ffff:8.8.8.8", True, "IPv4-mapped public"),
    ("::7f00:1", False, "IPv4-compatible loopback"),
    ("::a9fe:a9fe", False, "IPv4-compatible metadata address"),
    ("::808:808", True, "IPv4-compatible public"),
    ("::ffff:0:7f00:1", False, "IPv4-translated (SIIT) loopback"),
    ("::ffff:0:a01:203", False, "IPv4-translated private"),
    ("::ffff:0:808:808", True, "IPv4-translated public"),
    ("64:ff9b::7f00:1", False, "NAT64 well-known prefix, loopback"),
    ("64:ff9b::a9fe:a9fe", False, "NAT64 well-known prefix, metadata"),
    ("64:ff9b::808:808", True, "NAT64 well-known prefix, public"),
    ("64:ff9b:1::808:808", False, "NAT64 local-use prefix: cannot be judged"),
    ("64:ff9b:1:7f00:1::", False, "NAT64 local-use prefix, /48 layout"),
    ("2002:7f00:1::1", False, "6to4 of loopback"),
    ("2002:c0a8:1::1", False, "6to4 of a private network"),
    ("2002:808:808::1", True, "6to4 of a public address"),
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", False, "Teredo, client 127.0.0.1"),
    ("2001:0:4136:e378:8000:63bf:f7f7:f7f7", False, "Teredo, client 8.8.8.8: refused whole"),
    ("not an address", False, "garbage"),
]


@pytest.mark.parametrize(("address", "public", "why"), ADDRESSES, ids=[a[2] for a in ADDRESSES])
def test_each_address_form_is_judged_by_one_rule(address: str, public: bool, why: str) -> None:
    assert address_is_public(address) is public


def test_the_embedded_ipv4_address_is_read_where_each_form_keeps_it() -> None:
    import ipaddress

    def carried(address: str) -> str | None:
        found = embedded_ipv4(ipaddress.IPv6Address(address))
        return str(found) if found else None

    assert carried("::ffff:1.2.3.4") == "1.2.3.4"
    assert carried("::ffff:0:102:304") == "1.2.3.4"
    assert carried("::102:304") == "1.2.3.4"
    assert carried("64:ff9b::102:304") == "1.2.3.4"
    assert carried("2002:102:304:5::6") == "1.2.3.4"
    assert carried("2606:4700::1") is None


REFUSED_AT_CREATION = [
    "http://[::7f00:1]/hook",
    "http://[::ffff:0:7f00:1]/hook",
    "http://[::ffff:7f00:1]/hook",
    "http://[64:ff9b::a9fe:a9fe]/latest/meta-data",
    "http://[64:ff9b:1::808:808]/hook",
    "http://[2002:a00:1::1]/hook",
    "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook",
    "http://[fe80::1%25eth0]/hook",
    # names the resolver reads as addresses, or maps to `localhost`
    "http://2130706433/hook",
    "http://0x7f.1/hook",
    "http://127.1/hook",
    "http://017700000001/hook",
    "http://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ/hook",
    "http://１２７.０.０.１/hook",
    "http://127。0。0。1/hook",
    "http://LOCALHOST./hook",
]


@pytest.mark.parametrize("url", REFUSED_AT_CREATION)
def test_private_address_forms_are_refused_at_creation(api: ApiClient, url: str) -> None:
    r = api.post("webhooks", {"url": url})
    assert r.status_code == 422, r.content
    assert r.json()["code"] == "private_address"
    assert not Endpoint.objects.exists()


@pytest.mark.parametrize(
    "address",
    ["::7f00:1", "::ffff:0:7f00:1", "::ffff:127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::1"],
)
def test_private_address_forms_are_refused_when_sending(
    workspace: Any, settings: Any, address: str
) -> None:
    # given an endpoint saved while private addresses were allowed
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    make_webhook(workspace, f"http://[{address}]:9/hook", events=["conversation.created"])
    make_conversation(workspace)
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    # when
    delivery_attempt(delivery_id=Delivery.objects.get().pk)
    # then the resolved address is judged before any connection is made
    delivery = Delivery.objects.get()
    assert "private or local address" in delivery.last_error
    assert delivery.last_status_code is None


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1",  # unclosed IPv6 host
        "http://[v1.fe]/hook",  # not an IPv6 address
        "http://[127.0.0.1]/hook",
        "http://[::1]x/hook",  # something after the host that is not a port
        "http://example.com:0/hook",
        "http://example.com:+80/hook",
        "http://example.com:８０/hook",
        "http://a..b/hook",
        "http://-example.com/hook",
        "http://exa%6dple.com/hook",
        "http://exa_mple.com\\@127.0.0.1/",
        "http://" + "a" * 64 + ".com/hook",
        "http://" + ".".join(["abcdefgh"] * 30) + "/hook",
        "http://example.com\x7f/hook",
        "http://example.com/a\u2028b",
        "http:///hook",
    ],
)
def test_hostile_urls_are_a_clear_422(api: ApiClient, url: str) -> None:
    r = api.post("webhooks", {"url": url})
    assert r.status_code == 422, r.content
    assert r.json()["code"] == "invalid_url"
    assert r.json()["message"]
    assert not Endpoint.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.example.com:8443/desk?team=2#ignored",
        "https://bücher.example/hook",
        "https://example.com./hook",
        "http://8.8.8.8/hook",
        "http://[2606:4700:4700::1111]/hook",
        "http://[64:ff9b::808:808]/hook",
        "http://[2002:808:808::1]/hook",
        "https://my_hooks.example.com/",
    ],
)
def test_public_urls_are_accepted(api: ApiClient, url: str) -> None:
    r = api.post("webhooks", {"url": url})
    assert r.status_code == 201, r.content
    assert r.json()["url"] == url


def test_a_name_lookup_that_hangs_ends_at_the_attempts_deadline(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The system resolver cannot be made to hang on this machine, so it is the one
    # part replaced here: a lookup that answers only after 30 s.
    import socket
    import threading

    from rightdesk.webhooks import outbound

    release, answered = threading.Event(), threading.Event()
    real = socket.getaddrinfo

    def stuck(*args, **kwargs):  # type: ignore[no-untyped-def]
        release.wait(30)
        answered.set()
        return real(*args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", stuck)
    try:
        status, error = outbound.post("https://hooks.example.com/x", b"{}", {}, seconds=1)
        # the attempt gave up while the lookup was still hanging
        assert not answered.is_set()
    finally:
        release.set()
    assert status is None
    assert "timed out" in error
