import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rightdesk.conversations.actions import conversation_start, conversation_update, message_post
from rightdesk.conversations.messages import NewAttachment
from rightdesk.conversations.models import Attachment, Conversation, Message
from rightdesk.core.models import AuditEvent
from tests.factories import actor_for, make_conversation, make_member
from tests.webclient import member_client

pytestmark = pytest.mark.django_db


def _url(conversation: Conversation, tail: str = "") -> str:
    return f"/w/{conversation.workspace.slug}/c/{conversation.pk}/{tail}"


def _page(client, conversation: Conversation) -> str:  # type: ignore[no-untyped-def]
    r = client.get(_url(conversation))
    assert r.status_code == 200, r.content[:500]
    return r.content.decode()


def test_thread_shows_inbound_outbound_and_notes_differently(workspace) -> None:
    # given
    client, _user = member_client(workspace)
    conv = make_conversation(workspace, body="Customer asks")
    actor = actor_for(workspace)
    message_post(actor=actor, conversation=conv, direction="out", body_text="We answer")
    message_post(actor=actor, conversation=conv, direction="note", body_text="Only for us")
    # when
    html = _page(client, conv)
    # then
    assert 'class="message message-in"' in html
    assert 'class="message message-out"' in html
    assert 'class="message message-note"' in html
    assert html.index("Customer asks") < html.index("We answer") < html.index("Only for us")


def test_html_bodies_are_the_stored_sanitised_html(workspace) -> None:
    # given
    client, _user = member_client(workspace)
    conv, _m = conversation_start(
        actor=actor_for(workspace),
        subject="HTML",
        body_text="plain",
        body_html='<p>Hello <b>there</b></p><script>alert(1)</script><img src=x onerror="x()">',
        customer_email="h@example.org",
    )
    # when
    html = _page(client, conv)
    # then
    assert "<b>there</b>" in html
    assert "alert(1)" not in html
    assert "onerror" not in html


def test_reply_and_note_are_posted(workspace) -> None:
    # given
    client, user = member_client(workspace)
    conv = make_conversation(workspace)
    # when
    r1 = client.post(_url(conv, "messages/"), {"direction": "out", "body": "On its way"})
    r2 = client.post(_url(conv, "messages/"), {"direction": "note", "body": "Check stock"})
    # then
    assert r1.status_code == 302 and r2.status_code == 302
    rows = list(conv.messages.order_by("id").values_list("direction", "body_text", "author_user"))
    assert rows[1:] == [("out", "On its way", user.pk), ("note", "Check stock", user.pk)]
    assert AuditEvent.objects.filter(object_id=conv.pk, actor=user, interface="web").count() == 2


def test_reply_with_an_attachment_is_downloadable(workspace) -> None:
    # given
    client, _user = member_client(workspace)
    conv = make_conversation(workspace)
    upload = SimpleUploadedFile("../../evil.html", b"<script>x</script>", "text/html")
    # when
    r = client.post(
        _url(conv, "messages/"), {"direction": "out", "body": "See file", "attachment": upload}
    )
    # then
    assert r.status_code == 302
    attachment = Attachment.objects.get(message__conversation=conv)
    html = _page(client, conv)
    link = f"/w/{workspace.slug}/attachments/{attachment.pk}/"
    assert link in html
    download = client.get(link)
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] == "application/octet-stream"
    assert b"".join(download.streaming_content) == b"<script>x</script>"


def test_status_change_and_invalid_transition(workspace) -> None:
    # given
    client, _user = member_client(workspace)
    colleague = make_member(workspace)
    conv = make_conversation(workspace)
    form = {"status": "resolved", "priority": "high", "assignee": str(colleague.pk), "tags": "a, b"}
    # when
    r = client.post(_url(conv, "change/"), form)
    # then
    assert r.status_code == 302
    conv.refresh_from_db()
    assert (conv.status, conv.priority, conv.assignee_id) == ("resolved", "high", colleague.pk)
    assert sorted(t.name for t in conv.tags.all()) == ["a", "b"]
    # when: resolved cannot go to pending
    r = client.post(_url(conv, "change/"), {**form, "status": "pending", "priority": "low"})
    # then
    assert r.status_code == 409
    assert "cannot go from" in r.content.decode()
    conv.refresh_from_db()
    assert (conv.status, conv.priority) == ("resolved", "high")


def test_follow_and_unfollow(workspace) -> None:
    client, user = member_client(workspace)
    conv = make_conversation(workspace)
    assert client.post(_url(conv, "follow/"), {"follow": "1"}).status_code == 302
    assert list(conv.followers.all()) == [user]
    assert "Stop following" in _page(client, conv)
    assert client.post(_url(conv, "follow/"), {"follow": "0"}).status_code == 302
    assert list(conv.followers.all()) == []


def test_timeline_shows_who_when_what_and_interface(workspace) -> None:
    # given
    client, user = member_client(workspace)
    user.name = "Marta Agent"
    user.save()
    conv = make_conversation(workspace)
    client.post(_url(conv, "change/"), {"status": "open", "priority": "urgent"})
    # when
    html = _page(client, conv)
    # then
    assert "Marta Agent" in html
    assert "changed the conversation" in html
    assert "via web" in html
    assert "urgent" in html


def test_page_costs_the_same_queries_for_10_and_200_messages(workspace) -> None:
    # given
    client, _user = member_client(workspace)
    conv = make_conversation(workspace)
    actor = actor_for(workspace)

    def add(n: int) -> None:
        for i in range(n):
            direction = ["out", "note", "in"][i % 3]
            message_post(
                actor=actor,
                conversation=conv,
                direction=direction,
                body_text=f"message {i}",
                attachments=[NewAttachment(f"f{i}.txt", "text/plain", b"x")] if i % 4 == 0 else [],
            )

    url = _url(conv)
    add(9)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    # when
    add(191)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    # then
    assert Message.objects.filter(conversation=conv).count() == 201
    assert len(many) == len(few), "\n".join(q["sql"][:100] for q in many.captured_queries)


def test_a_stale_page_only_changes_what_the_person_changed(workspace) -> None:
    # given: the page is open with nobody assigned
    client, _user = member_client(workspace)
    colleague = make_member(workspace)
    conv = make_conversation(workspace)
    page = client.get(_url(conv))
    form = page.context["change_form"]
    seen = {}
    for name in form.fields:
        value = form[name].value() or ""
        seen[name] = value
        seen[f"initial-{name}"] = value
    # and meanwhile a colleague takes the conversation
    conversation_update(
        actor=actor_for(workspace), conversation=conv, assignee=colleague.pk, tags=["theirs"]
    )
    # when the first person only raises the priority
    r = client.post(_url(conv, "change/"), {**seen, "priority": "urgent"})
    # then
    assert r.status_code == 302
    conv.refresh_from_db()
    assert conv.priority == "urgent"
    assert conv.assignee_id == colleague.pk
    assert [t.name for t in conv.tags.all()] == ["theirs"]


def test_timeline_names_the_channel_in_the_readers_language(workspace) -> None:
    # given: a Russian-speaking agent, and a conversation that came through the portal
    client, user = member_client(workspace)
    user.language = "ru"
    user.save()
    conv = make_conversation(workspace, channel="portal")
    # when
    html = _page(client, conv)
    # then
    assert "канал: портал" in html


def test_history_names_a_person_who_is_no_longer_active(workspace) -> None:
    # given: a conversation assigned to someone who has since left
    client, _user = member_client(workspace)
    leaver = make_member(workspace)
    leaver.name = "Liisa Lahkuja"
    leaver.save(update_fields=["name"])
    conv = make_conversation(workspace)
    conversation_update(actor=actor_for(workspace), conversation=conv, assignee=leaver.pk)
    leaver.is_active = False
    leaver.save(update_fields=["is_active"])
    # when
    html = _page(client, conv)
    # then: the history still says who it was
    assert "Liisa Lahkuja" in html
    assert f"#{leaver.pk}" not in html
