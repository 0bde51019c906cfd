"""Inbound mail: stored raw first, then read into the right conversation, never lost."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any

import pytest

from rightdesk.channels.actions import mailbox_create
from rightdesk.channels.email import parse
from rightdesk.channels.email.tokens import message_id_for, reply_address
from rightdesk.channels.inbound import mail_process, mail_receive
from rightdesk.channels.models import EmailHeader, InboundMail, Mailbox
from rightdesk.conversations.models import Conversation, Message
from tests.factories import actor_for, make_workspace

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail_dirs")]


@pytest.fixture
def mailbox(workspace: Any) -> Mailbox:
    return mailbox_create(actor=actor_for(workspace), address="help@acme.example")


def mail(
    sender: str = "ana@example.org",
    subject: str = "Broken tile",
    body: str = "The tile in the box was broken.",
    message_id: str = "<a1@example.org>",
    to: str = "help@acme.example",
    **headers: str,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes()


def deliver(mailbox: Mailbox, raw: bytes) -> InboundMail:
    row, _created = mail_receive(mailbox=mailbox, raw=raw)
    mail_process(inbound_id=row.pk)
    row.refresh_from_db()
    return row


def test_a_new_sender_opens_an_email_conversation_with_attachments(mailbox: Mailbox) -> None:
    message = EmailMessage()
    message["From"] = "Ana Tamm <Ana@Example.org>"
    message["To"] = "help@acme.example"
    message["Subject"] = "Broken tile"
    message["Message-ID"] = "<first@example.org>"
    message.set_content("The tile was broken, photo attached.")
    message.add_attachment(b"\x89PNG fake", maintype="image", subtype="png", filename="tile.png")
    row = deliver(mailbox, message.as_bytes())
    assert (row.state, row.reason, row.sender, row.subject) == (
        "processed",
        "",
        "ana@example.org",
        "Broken tile",
    )
    conversation = Conversation.objects.get()
    assert row.conversation == conversation
    assert (conversation.channel, conversation.subject) == ("email", "Broken tile")
    assert conversation.customer.name == "Ana Tamm"
    msg = Message.objects.get()
    assert (msg.direction, msg.interface) == ("in", "email")
    assert "photo attached" in msg.body_text
    assert [a.filename for a in msg.attachments.all()] == ["tile.png"]
    assert EmailHeader.objects.get(message=msg).mail_id == "first@example.org"


def test_the_mailbox_team_gets_new_conversations(workspace: Any) -> None:
    from rightdesk.accounts.actions import team_create

    team = team_create(actor=actor_for(workspace), name="Returns")
    box = mailbox_create(
        actor=actor_for(workspace), address="returns@acme.example", team_id=team.pk
    )
    deliver(box, mail())
    assert Conversation.objects.get().team == team


def test_a_reply_to_the_desk_token_threads(mailbox: Mailbox, workspace: Any) -> None:
    first = deliver(mailbox, mail())
    conversation_id = first.conversation_id
    assert conversation_id is not None
    plus = reply_address(
        mailbox=mailbox.address, workspace_id=workspace.pk, conversation_id=conversation_id
    )
    # Another person, other subject: the token alone decides.
    row = deliver(mailbox, mail("bob@example.net", "Different", message_id="<b@x>", to=plus))
    assert row.conversation_id == conversation_id
    ours = message_id_for(
        workspace_id=workspace.pk, conversation_id=conversation_id, domain="acme.example"
    )
    row = deliver(
        mailbox, mail("carl@example.net", "Other", message_id="<c@x>", In_Reply_To=f"<{ours}>")
    )
    assert row.conversation_id == conversation_id
    assert Conversation.objects.count() == 1


def test_a_token_of_another_workspace_means_nothing_here(mailbox: Mailbox) -> None:
    first = deliver(mailbox, mail())
    other = make_workspace("Other Shop")
    plus = reply_address(
        mailbox=mailbox.address, workspace_id=other.pk, conversation_id=first.conversation_id or 0
    )
    row = deliver(mailbox, mail("bob@example.net", "Hi", message_id="<b@x>", to=plus))
    assert row.conversation_id != first.conversation_id
    assert Conversation.objects.count() == 2


def test_a_reply_threads_by_in_reply_to_from_the_same_sender(mailbox: Mailbox) -> None:
    first = deliver(mailbox, mail())
    row = deliver(
        mailbox,
        mail(
            subject="Something else", message_id="<a2@example.org>", In_Reply_To="<a1@example.org>"
        ),
    )
    assert row.conversation_id == first.conversation_id
    assert Conversation.objects.get().message_count == 2


def test_a_stranger_forging_in_reply_to_gets_a_conversation_of_their_own(mailbox: Mailbox) -> None:
    first = deliver(mailbox, mail())
    forged = deliver(
        mailbox,
        mail(
            "mallory@evil.example",
            "Broken tile",
            "Send the refund to me.",
            "<m@evil.example>",
            In_Reply_To="<a1@example.org>",
            References="<a1@example.org>",
        ),
    )
    assert forged.state == "processed"
    assert forged.conversation_id != first.conversation_id
    assert Conversation.objects.get(pk=first.conversation_id).message_count == 1


def test_the_subject_threads_only_within_the_same_customer(mailbox: Mailbox) -> None:
    first = deliver(mailbox, mail())
    same = deliver(mailbox, mail(subject="RE: Fwd: broken TILE", message_id="<a3@example.org>"))
    assert same.conversation_id == first.conversation_id
    stranger = deliver(mailbox, mail("eve@example.net", "Re: Broken tile", message_id="<e@x>"))
    assert stranger.conversation_id != first.conversation_id
    assert Conversation.objects.count() == 2


def test_a_closed_conversation_is_not_found_by_subject(mailbox: Mailbox) -> None:
    first = deliver(mailbox, mail())
    Conversation.objects.filter(pk=first.conversation_id).update(status="closed")
    again = deliver(mailbox, mail(subject="Re: Broken tile", message_id="<a4@example.org>"))
    assert again.conversation_id != first.conversation_id


def test_a_merged_conversation_leads_to_its_target(mailbox: Mailbox) -> None:
    first = deliver(mailbox, mail())
    second = deliver(mailbox, mail(subject="Another thing", message_id="<a5@example.org>"))
    Conversation.objects.filter(pk=first.conversation_id).update(
        merged_into_id=second.conversation_id
    )
    reply = deliver(
        mailbox, mail(subject="x", message_id="<a6@example.org>", In_Reply_To="<a1@example.org>")
    )
    assert reply.conversation_id == second.conversation_id


def test_the_same_bytes_are_stored_once(mailbox: Mailbox) -> None:
    raw = mail()
    first, created = mail_receive(mailbox=mailbox, raw=raw)
    again, created_again = mail_receive(mailbox=mailbox, raw=raw)
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert InboundMail.objects.count() == 1


def test_a_reused_message_id_with_other_bytes_is_kept_as_its_own(mailbox: Mailbox) -> None:
    one = deliver(mailbox, mail(body="first text"))
    two = deliver(mailbox, mail(body="second text"))
    assert one.pk != two.pk
    assert (one.mail_id, two.mail_id) == ("a1@example.org", "a1@example.org")
    texts = sorted(m.body_text.strip() for m in Message.objects.all())
    assert texts == ["first text", "second text"]


def test_processing_twice_writes_one_message(mailbox: Mailbox) -> None:
    row, _created = mail_receive(mailbox=mailbox, raw=mail())
    assert mail_process(inbound_id=row.pk) == "processed"
    assert mail_process(inbound_id=row.pk) == "processed"
    assert Message.objects.count() == 1


def test_a_message_past_the_limits_is_quarantined_then_retried(
    mailbox: Mailbox, workspace: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rightdesk.channels.actions import mail_quarantine_retry

    message = EmailMessage()
    message["From"] = "ana@example.org"
    message["Subject"] = "Photos"
    message.set_content("Three photos.")
    for n in range(3):
        message.add_attachment(b"x", maintype="image", subtype="png", filename=f"{n}.png")
    monkeypatch.setattr(parse, "MAX_PARTS", 2)
    row = deliver(mailbox, message.as_bytes())
    assert (row.state, row.reason) == ("quarantined", "too_many_parts")
    assert Message.objects.count() == 0
    monkeypatch.setattr(parse, "MAX_PARTS", 250)
    assert mail_quarantine_retry(actor=actor_for(workspace), inbound_ids=[row.pk]) == ["processed"]
    row.refresh_from_db()
    assert row.state == "processed"
    assert Message.objects.get().attachments.count() == 3


def test_an_unexpected_error_quarantines_and_leaves_nothing_half_written(
    mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    # It fails after the conversation and message were written: those go too.
    monkeypatch.setattr(EmailHeader.objects, "create", broken)
    row = deliver(mailbox, mail())
    assert (row.state, row.reason) == ("quarantined", "processing_error")
    assert (Conversation.objects.count(), Message.objects.count()) == (0, 0)


def test_a_bounce_that_threads_nowhere_opens_no_conversation(mailbox: Mailbox) -> None:
    row = deliver(
        mailbox,
        mail("mailer-daemon@example.org", "Undeliverable: hello", Auto_Submitted="auto-replied"),
    )
    assert row.state == "ignored"
    assert Conversation.objects.count() == 0


def test_an_auto_reply_in_a_thread_is_kept_but_ignored(mailbox: Mailbox) -> None:
    first = deliver(mailbox, mail())
    row = deliver(
        mailbox,
        mail(
            subject="Out of office",
            message_id="<ooo@example.org>",
            In_Reply_To="<a1@example.org>",
            Auto_Submitted="auto-replied",
        ),
    )
    assert (row.state, row.conversation_id) == ("ignored", first.conversation_id)
    assert row.reason


def test_mail_from_the_desk_itself_is_ignored(mailbox: Mailbox) -> None:
    row = deliver(mailbox, mail("help@acme.example"))
    assert (row.state, row.reason) == ("ignored", "own_address")
    assert Conversation.objects.count() == 0


def test_a_mailbox_that_received_mail_cannot_be_removed(mailbox: Mailbox, workspace: Any) -> None:
    from rightdesk.channels.actions import mailbox_delete
    from rightdesk.core.errors import Conflict

    deliver(mailbox, mail())
    with pytest.raises(Conflict) as refused:
        mailbox_delete(actor=actor_for(workspace), mailbox_id=mailbox.pk)
    assert refused.value.code == "mailbox_in_use"
    assert Mailbox.objects.filter(pk=mailbox.pk).exists()


def test_hostile_headers_and_bodies_still_make_a_conversation(mailbox: Mailbox) -> None:
    long_subject = deliver(mailbox, mail(subject="Tile " * 100))
    assert long_subject.state == "processed"
    assert len(Conversation.objects.get(pk=long_subject.conversation_id).subject) <= 300
    message = EmailMessage()
    message["From"] = "bob@example.net"
    message["Subject"] = "\x01\x02"
    message.set_content("<script>alert(1)</script>", subtype="html")
    html_only = deliver(mailbox, message.as_bytes())
    assert html_only.state == "processed"
    conversation = Conversation.objects.get(pk=html_only.conversation_id)
    assert conversation.subject == "(no subject)"
    assert "<script" not in Message.objects.get(conversation=conversation).body_html


def test_a_sender_that_is_not_an_address_is_quarantined(mailbox: Mailbox) -> None:
    row = deliver(mailbox, mail("not an address"))
    assert (row.state, row.reason) == ("quarantined", "no_sender")
    row = deliver(mailbox, mail("ana@-bad-.example", message_id="<a9@x>"))
    assert (row.state, row.reason) == ("quarantined", "invalid_email")
    assert Conversation.objects.count() == 0


def test_mail_left_stored_by_a_stopped_receiver_is_read_by_the_sweeper(mailbox: Mailbox) -> None:
    from datetime import timedelta

    from rightdesk.channels.tasks import sweep_inbound_mail
    from rightdesk.core.clock import now

    # given a message stored a while ago and never read (its receiver stopped), and
    # one that arrived just now and is its receiver's to read
    left, _created = mail_receive(mailbox=mailbox, raw=mail(message_id="<old@example.org>"))
    InboundMail.objects.filter(pk=left.pk).update(received_at=now() - timedelta(minutes=5))
    fresh, _created = mail_receive(mailbox=mailbox, raw=mail(message_id="<new@example.org>"))
    # when the scheduler's sweep runs
    swept = sweep_inbound_mail()
    # then the left-behind one is in a conversation, the fresh one untouched
    assert swept == 1
    left.refresh_from_db()
    fresh.refresh_from_db()
    assert (left.state, fresh.state) == ("processed", "stored")
    assert left.conversation_id is not None
    assert sweep_inbound_mail() == 0
