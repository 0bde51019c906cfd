"""An outgoing reply as a complete email (pure code: the sending is done elsewhere).

From is the mailbox, named after the agent and the mailbox ("Anna Kask (Oak &
Stone Floors)"), Reply-To carries the conversation's token, the Message-ID is
the desk's own, and In-Reply-To and References continue the customer's thread,
so every mail client shows the reply in its place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from rightdesk.channels.email.tokens import message_id_for, reply_address
from rightdesk.core.sanitize import clean_filename, clean_text

# Reply prefixes of common clients in the desk's languages, repeated or not.
_PREFIX = re.compile(
    r"^\s*((re|fw|fwd|aw|sv|vs|tr|ответ|отв|відп|відповідь|vast)\s*(\[\d+\])?\s*:\s*)+", re.I
)
MAX_REFERENCES = 20


@dataclass(frozen=True)
class OutgoingFile:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Reply:
    """Everything a reply needs; ids without angle brackets."""

    workspace_id: int
    conversation_id: int
    mailbox_address: str
    mailbox_name: str
    agent_name: str
    to: str
    subject: str
    body_text: str
    signature: str = ""
    body_html: str = ""
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    files: list[OutgoingFile] = field(default_factory=list)
    sent_at: datetime | None = None


def reply_subject(subject: str) -> str:
    """`Re: ` and the subject without the prefixes it collected on the way."""
    bare = _PREFIX.sub("", " ".join(clean_text(subject).split()))
    return f"Re: {bare}" if bare else "Re:"


def _display_name(reply: Reply) -> str:
    agent, mailbox = reply.agent_name.strip(), reply.mailbox_name.strip()
    if agent and mailbox:
        return f"{agent} ({mailbox})"
    return agent or mailbox


def _address(address: str, name: str = "") -> Address:
    local, _at, domain = address.rpartition("@")
    name = " ".join(clean_text(name).split())[:120]
    return Address(display_name=name, username=local, domain=domain)


def reply_compose(reply: Reply) -> tuple[EmailMessage, str]:
    """The reply as an email, and its Message-ID (without angle brackets)."""
    domain = reply.mailbox_address.rpartition("@")[2]
    message_id = message_id_for(
        workspace_id=reply.workspace_id, conversation_id=reply.conversation_id, domain=domain
    )
    message = EmailMessage()
    message["From"] = _address(reply.mailbox_address, _display_name(reply))
    message["To"] = _address(reply.to)
    message["Reply-To"] = _address(
        reply_address(
            mailbox=reply.mailbox_address,
            workspace_id=reply.workspace_id,
            conversation_id=reply.conversation_id,
        ),
        reply.mailbox_name,
    )
    message["Subject"] = reply_subject(reply.subject)
    message["Message-ID"] = f"<{message_id}>"
    if reply.in_reply_to:
        message["In-Reply-To"] = f"<{reply.in_reply_to}>"
    references = list(dict.fromkeys([*reply.references, reply.in_reply_to]))
    references = [r for r in references if r][-MAX_REFERENCES:]
    if references:
        message["References"] = " ".join(f"<{r}>" for r in references)
    if reply.sent_at is not None:
        message["Date"] = format_datetime(reply.sent_at)
    # Replies of the desk are answers by a person, yet never to be answered by a robot.
    message["Auto-Submitted"] = "no"
    text = reply.body_text.rstrip()
    if reply.signature.strip():
        text += "\n\n-- \n" + clean_text(reply.signature).strip()
    message.set_content(text + "\n")
    if reply.body_html:
        message.add_alternative(reply.body_html, subtype="html")
    for f in reply.files:
        maintype, _slash, subtype = (f.content_type or "application/octet-stream").partition("/")
        message.add_attachment(
            f.data,
            maintype=maintype or "application",
            subtype=subtype or "octet-stream",
            filename=clean_filename(f.filename),
        )
    return message, message_id
