"""A reply as the customer's mail client receives it: threaded, named, signed, and safe."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rightdesk.channels.email.compose import OutgoingFile, Reply, reply_compose, reply_subject
from rightdesk.channels.email.parse import mail_parse
from rightdesk.channels.email.tokens import conversation_of_address, conversation_of_message_ids

REPLY = Reply(
    workspace_id=3,
    conversation_id=4001,
    mailbox_address="tugi@pohjala.example",
    mailbox_name="Põhjala Kaubandus",
    agent_name="Андрій Шевченко",
    to="anna@example.ee",
    subject="Re: RE: Arve nr 15",
    body_text="Tere, Anna!\nArve on lisatud.",
    signature="Andrii\nPõhjala Kaubandus",
    in_reply_to="m2@example.ee",
    references=["m1@example.ee", "m2@example.ee"],
    files=[OutgoingFile("arve 15.pdf", "application/pdf", b"%PDF-1.4")],
    sent_at=datetime(2026, 12, 7, 12, 0, tzinfo=UTC),
)


def test_the_reply_reads_back_as_the_customer_sees_it() -> None:
    message, message_id = reply_compose(REPLY)
    mail = mail_parse(message.as_bytes())
    assert mail.sender_email == "tugi@pohjala.example"
    assert mail.sender_name == "Андрій Шевченко (Põhjala Kaubandus)"
    assert mail.to == ["anna@example.ee"]
    assert mail.subject == "Re: Arve nr 15"
    assert mail.message_id == message_id
    assert mail.in_reply_to == ["m2@example.ee"]
    assert mail.references == ["m1@example.ee", "m2@example.ee"]
    assert mail.visible_text == "Tere, Anna!\nArve on lisatud."
    assert "Andrii\nPõhjala Kaubandus" in mail.text
    assert [(a.filename, a.data) for a in mail.attachments] == [("arve 15.pdf", b"%PDF-1.4")]
    assert mail.automation is None


def test_both_marks_lead_back_to_the_conversation() -> None:
    message, message_id = reply_compose(REPLY)
    mail = mail_parse(message.as_bytes())
    assert conversation_of_address(mail.reply_to[0], workspace_id=3) == 4001
    assert conversation_of_message_ids([message_id], workspace_id=3) == 4001


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Где мой заказ?", "Re: Где мой заказ?"),
        ("RE: Re: AW: Fwd: Order", "Re: Order"),
        ("Ответ: Отв: доставка", "Re: доставка"),
        ("Відп: Vast: arve", "Re: arve"),
        ("Re[2]: Order", "Re: Order"),
        ("", "Re:"),
        ("Return policy", "Re: Return policy"),
    ],
)
def test_reply_subjects_do_not_pile_up_prefixes(subject: str, expected: str) -> None:
    assert reply_subject(subject) == expected


def test_names_and_subjects_cannot_add_headers() -> None:
    hostile = Reply(
        **{
            **REPLY.__dict__,
            "agent_name": "Eve\r\nBcc: victim@example.org",
            "subject": "Hi\r\nBcc: victim@example.org",
            "files": [OutgoingFile("../../x\r\n.exe", "text/html", b"<script>")],
        }
    )
    message, _id = reply_compose(hostile)
    raw = message.as_bytes()
    assert b"\nBcc:" not in raw and b"\r\nBcc:" not in raw
    mail = mail_parse(raw)
    assert mail.cc == [] and mail.to == ["anna@example.ee"]
    assert [a.filename for a in mail.attachments] == ["x .exe"]


def test_a_long_thread_keeps_the_newest_references() -> None:
    many = [f"m{i}@example.ee" for i in range(50)]
    message, _id = reply_compose(
        Reply(**{**REPLY.__dict__, "references": many, "in_reply_to": "m49@example.ee"})
    )
    references = mail_parse(message.as_bytes()).references
    assert len(references) == 20 and references[-1] == "m49@example.ee"
