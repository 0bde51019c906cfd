"""`rightdesk import-mail` and `rightdesk mail quarantine`: inbound mail from the shell."""

from __future__ import annotations

import json
import mailbox as mailboxes
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from rightdesk.channels.actions import mailbox_create
from rightdesk.channels.email import parse
from rightdesk.channels.models import InboundMail
from rightdesk.conversations.models import Conversation, Message
from rightdesk.core.models import AuditEvent
from tests.conftest import run_cli
from tests.factories import actor_for, make_workspace

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail_dirs")]


@pytest.fixture
def box(workspace: Any) -> Any:
    return mailbox_create(actor=actor_for(workspace), address="help@acme.example")


def _message(n: int, parts: int = 0, **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"c{n}@example.org"
    message["To"] = "help@acme.example"
    message["Subject"] = f"Order {n}"
    message["Message-ID"] = f"<m{n}@example.org>"
    for name, value in headers.items():
        del message[name.replace("_", "-")]
        message[name.replace("_", "-")] = value
    message.set_content(f"Body {n}")
    for p in range(parts):
        message.add_attachment(b"x", maintype="image", subtype="png", filename=f"{p}.png")
    return message


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "1.eml").write_bytes(_message(1, parts=3).as_bytes())
    (folder / "2.eml").write_bytes(_message(2).as_bytes())
    (folder / "3.eml").write_bytes(_message(3, Auto_Submitted="auto-replied").as_bytes())
    archive = mailboxes.mbox(folder / "archive.mbox")
    archive.add(_message(4))
    archive.add(_message(5, In_Reply_To="<m4@example.org>", From="c4@example.org"))
    archive.close()
    return folder


def _import(capsys: Any, slug: str, *paths: Path | str) -> tuple[int, Any, str]:
    code, out, err = run_cli(
        capsys,
        "import-mail",
        "--workspace",
        slug,
        "--to",
        "Help@Acme.Example",
        "--json",
        *map(str, paths),
    )
    last = json.loads(out.strip().splitlines()[-1]) if code == 0 else None
    return code, last, err


def test_every_input_is_counted_once_and_reimport_changes_nothing(
    capsys: Any, box: Any, workspace: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse, "MAX_PARTS", 3)
    folder = _corpus(tmp_path)
    code, counts, err = _import(capsys, workspace.slug, folder, tmp_path / "missing.eml")
    assert code == 0
    assert counts == {"imported": 3, "duplicates": 0, "quarantined": 2, "ignored": 1}
    assert "missing.eml" in err and "not_found" in err
    conversations = Conversation.objects.filter(workspace=workspace)
    assert conversations.count() == 2  # c2, and c4 with its reply c5
    assert set(conversations.values_list("channel", flat=True)) == {"email"}
    assert Message.objects.count() == 3
    # again: every message a duplicate, the unreadable input still counted
    code, counts, _err = _import(capsys, workspace.slug, folder, tmp_path / "missing.eml")
    assert counts == {"imported": 0, "duplicates": 5, "quarantined": 1, "ignored": 0}
    assert (InboundMail.objects.count(), Message.objects.count()) == (5, 3)


def test_quarantine_list_retry_and_discard(
    capsys: Any, box: Any, workspace: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse, "MAX_PARTS", 3)
    (tmp_path / "a.eml").write_bytes(_message(1, parts=3).as_bytes())
    (tmp_path / "b.eml").write_bytes(_message(2, parts=4).as_bytes())
    _import(capsys, workspace.slug, tmp_path / "a.eml", tmp_path / "b.eml")
    code, out, _err = run_cli(
        capsys, "mail", "quarantine", "list", "--workspace", workspace.slug, "--json"
    )
    listed = [json.loads(line) for line in out.strip().splitlines()]
    assert code == 0
    assert [(r["sender"], r["subject"], r["reason"]) for r in listed] == [
        ("c1@example.org", "Order 1", "too_many_parts"),
        ("c2@example.org", "Order 2", "too_many_parts"),
    ]
    assert set(listed[0]) == {"id", "received_at", "sender", "subject", "reason"}
    first, second = (r["id"] for r in listed)
    # the limit is raised: a retry reads the same bytes into a conversation
    monkeypatch.setattr(parse, "MAX_PARTS", 250)
    code, out, _err = run_cli(
        capsys, "mail", "quarantine", "retry", "--workspace", workspace.slug, str(first)
    )
    assert code == 0
    assert InboundMail.objects.get(pk=first).state == "processed"
    assert Message.objects.get().attachments.count() == 3
    code, out, _err = run_cli(
        capsys, "mail", "quarantine", "discard", "--workspace", workspace.slug, str(second)
    )
    assert code == 0
    assert InboundMail.objects.get(pk=second).state == "discarded"
    assert AuditEvent.objects.filter(verb="mail.discarded", interface="cli").count() == 1
    code, out, _err = run_cli(capsys, "mail", "quarantine", "list", "--workspace", workspace.slug)
    assert "No message is in quarantine." in out
    # a processed message is not in quarantine any more: not found, exit 2
    code, _out, err = run_cli(
        capsys, "mail", "quarantine", "retry", "--workspace", workspace.slug, str(first)
    )
    assert code == 2 and err.startswith("rightdesk: error:")
    code, _out, err = run_cli(
        capsys, "mail", "quarantine", "retry", "--workspace", workspace.slug, "--all"
    )
    assert code == 0


def test_retry_all_and_no_arguments(capsys: Any, box: Any, workspace: Any) -> None:
    code, _out, err = run_cli(capsys, "mail", "quarantine", "retry", "--workspace", workspace.slug)
    assert code == 2 and "--all" in err


def test_another_workspaces_mailbox_cannot_be_used(capsys: Any, box: Any, tmp_path: Path) -> None:
    other = make_workspace("Other Shop")
    (tmp_path / "a.eml").write_bytes(_message(1).as_bytes())
    code, _counts, err = _import(capsys, other.slug, tmp_path / "a.eml")
    assert code == 2
    assert err.strip() == "rightdesk: error: Help@Acme.Example is not a mailbox of this workspace"
    assert InboundMail.objects.count() == 0


def test_another_workspace_cannot_retry_or_discard_ours(
    capsys: Any, box: Any, workspace: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse, "MAX_PARTS", 3)
    (tmp_path / "a.eml").write_bytes(_message(1, parts=3).as_bytes())
    _import(capsys, workspace.slug, tmp_path / "a.eml")
    row = InboundMail.objects.get()
    other = make_workspace("Other Shop")
    for action in ("retry", "discard"):
        code, _out, _err = run_cli(
            capsys, "mail", "quarantine", action, "--workspace", other.slug, str(row.pk)
        )
        assert code == 2
    row.refresh_from_db()
    assert row.state == "quarantined"


def test_a_message_stored_but_never_read_is_read_by_the_next_import(
    capsys: Any, box: Any, workspace: Any, tmp_path: Path
) -> None:
    from rightdesk.channels.inbound import mail_receive

    raw = _message(1).as_bytes()
    mail_receive(mailbox=box, raw=raw)  # as if the process died right after storing
    (tmp_path / "a.eml").write_bytes(raw)
    _code, counts, _err = _import(capsys, workspace.slug, tmp_path / "a.eml")
    assert counts == {"imported": 1, "duplicates": 0, "quarantined": 0, "ignored": 0}
    assert InboundMail.objects.get().state == "processed"
