"""Who may see and change what: the tenant matrix, roles, and CSRF."""

import pytest

from rightdesk.conversations.actions import conversation_start
from rightdesk.conversations.messages import NewAttachment
from rightdesk.conversations.models import Attachment, Conversation
from rightdesk.core.models import AuditEvent
from rightdesk.customers.models import Customer
from tests.factories import actor_for, make_conversation
from tests.webclient import member_client

pytestmark = pytest.mark.django_db


def _with_attachment(workspace) -> Conversation:  # type: ignore[no-untyped-def]
    conv, _m = conversation_start(
        actor=actor_for(workspace),
        subject="With a file",
        body_text="See attached",
        customer_email=f"file@{workspace.slug}.example.org",
        attachments=[NewAttachment("invoice.pdf", "application/pdf", b"%PDF-1.4")],
    )
    return conv


def _objects(workspace) -> dict[str, int]:  # type: ignore[no-untyped-def]
    conv = _with_attachment(workspace)
    return {
        "conversation": conv.pk,
        "customer": conv.customer_id,
        "attachment": Attachment.objects.get(message__conversation=conv).pk,
    }


def _get_urls(slug: str, ids: dict[str, int]) -> list[str]:
    return [
        f"/w/{slug}/",
        f"/w/{slug}/c/{ids['conversation']}/",
        f"/w/{slug}/attachments/{ids['attachment']}/",
        f"/w/{slug}/customers/",
        f"/w/{slug}/customers/{ids['customer']}/",
    ]


def _post_urls(slug: str, ids: dict[str, int]) -> list[tuple[str, dict[str, str]]]:
    conv = ids["conversation"]
    return [
        (f"/w/{slug}/c/{conv}/messages/", {"direction": "out", "body": "hello"}),
        (f"/w/{slug}/c/{conv}/change/", {"status": "open", "priority": "high"}),
        (f"/w/{slug}/c/{conv}/follow/", {"follow": "1"}),
        (f"/w/{slug}/customers/{ids['customer']}/edit/", {"name": "Changed"}),
    ]


def test_member_sees_every_page_of_their_workspace(workspace) -> None:
    client, _user = member_client(workspace)
    for url in _get_urls(workspace.slug, _objects(workspace)):
        assert client.get(url).status_code == 200, url


def test_objects_of_another_workspace_are_404_on_every_page(workspace, other_workspace) -> None:
    # given
    client, _user = member_client(workspace)
    _objects(workspace)
    theirs = _objects(other_workspace)
    events_before = AuditEvent.objects.count()
    # when / then: their objects through our workspace's address
    object_urls = [u for u in _get_urls(workspace.slug, theirs) if u[-2].isdigit()]
    assert len(object_urls) == 3
    for url in object_urls:
        assert client.get(url).status_code == 404, url
    for url, data in _post_urls(workspace.slug, theirs):
        assert client.post(url, data).status_code == 404, url
    # and every page of their workspace
    for url in _get_urls(other_workspace.slug, theirs):
        assert client.get(url).status_code == 404, url
    for url, data in _post_urls(other_workspace.slug, theirs):
        assert client.post(url, data).status_code == 404, url
    assert AuditEvent.objects.count() == events_before
    assert Customer.objects.filter(name="Changed").count() == 0


def test_read_only_member_sees_but_gets_no_forms_and_posts_are_403(workspace) -> None:
    # given
    client, _user = member_client(workspace, role="read_only")
    ids = _objects(workspace)
    # when
    page = client.get(f"/w/{workspace.slug}/c/{ids['conversation']}/")
    customer = client.get(f"/w/{workspace.slug}/customers/{ids['customer']}/")
    # then
    assert page.status_code == 200 and customer.status_code == 200
    assert 'name="body"' not in page.content.decode()
    assert "/change/" not in page.content.decode()
    assert "/edit/" not in customer.content.decode()
    events_before = AuditEvent.objects.count()
    for url, data in _post_urls(workspace.slug, ids):
        r = client.post(url, data)
        assert r.status_code == 403, url
        assert "does not allow this" in r.content.decode()
    assert AuditEvent.objects.count() == events_before


def test_agent_gets_the_forms(workspace) -> None:
    client, _user = member_client(workspace)
    conv = make_conversation(workspace)
    html = client.get(f"/w/{workspace.slug}/c/{conv.pk}/").content.decode()
    assert 'name="body"' in html and "/change/" in html


def test_posts_without_a_csrf_token_are_refused(workspace) -> None:
    # given
    client, _user = member_client(workspace, enforce_csrf_checks=True)
    ids = _objects(workspace)
    # when / then
    for url, data in _post_urls(workspace.slug, ids):
        assert client.post(url, data).status_code == 403, url


@pytest.mark.parametrize(
    "url",
    [
        "/w/{slug}/c/abc/",
        "/w/{slug}/c/99999999999999999999999999/",
        "/w/{slug}/c/0/",
        "/w/{slug}/attachments/99999999999999999999/",
        "/w/{slug}/customers/-1/",
        "/w/{slug}/customers/999999999/",
    ],
)
def test_non_numeric_or_missing_ids_are_404(workspace, url: str) -> None:
    client, _user = member_client(workspace)
    assert client.get(url.format(slug=workspace.slug)).status_code == 404


def test_wrong_methods_are_405(workspace) -> None:
    client, _user = member_client(workspace)
    conv = make_conversation(workspace)
    assert client.get(f"/w/{workspace.slug}/c/{conv.pk}/messages/").status_code == 405
    assert client.post(f"/w/{workspace.slug}/", {}).status_code == 405


# Pages for people with `workspace.manage` only (tests/test_mailboxes_web.py has the rest).
def _manager_urls(slug: str, mailbox_id: int) -> tuple[list[str], list[tuple[str, dict[str, str]]]]:
    gets = [f"/w/{slug}/settings/mailboxes/"]
    posts = [
        (f"/w/{slug}/settings/mailboxes/", {"address": "new@example.org"}),
        (f"/w/{slug}/settings/mailboxes/{mailbox_id}/", {f"m{mailbox_id}-address": "x@y.ee"}),
        (f"/w/{slug}/settings/mailboxes/{mailbox_id}/delete/", {}),
    ]
    return gets, posts


def test_manager_pages_are_403_below_manager_and_404_elsewhere(workspace, other_workspace) -> None:
    from rightdesk.channels.actions import mailbox_create
    from rightdesk.channels.models import Mailbox

    # given
    mine = mailbox_create(actor=actor_for(workspace), address="mine@example.org")
    theirs = mailbox_create(actor=actor_for(other_workspace), address="theirs@example.org")
    manager, _user = member_client(workspace, role="manager")
    agent, _user = member_client(workspace, role="agent")
    gets, posts = _manager_urls(workspace.slug, mine.pk)
    # then
    for url in gets:
        assert manager.get(url).status_code == 200, url
        assert agent.get(url).status_code == 403, url
    for url, data in posts:
        assert agent.post(url, data).status_code == 403, url
    _gets, their_posts = _manager_urls(workspace.slug, theirs.pk)
    for url, data in their_posts[1:]:
        assert manager.post(url, data).status_code == 404, url
    other_gets, other_posts = _manager_urls(other_workspace.slug, theirs.pk)
    for url in other_gets:
        assert manager.get(url).status_code == 404, url
    for url, data in other_posts:
        assert manager.post(url, data).status_code == 404, url
    assert sorted(Mailbox.objects.values_list("address", flat=True)) == [
        "mine@example.org",
        "theirs@example.org",
    ]
