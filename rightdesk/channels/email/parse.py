"""Reading one raw email into what the desk keeps of it (pure code: no database, no network).

Mail from outside is hostile or broken as often as not: charsets are declared
wrongly or not at all, names are encoded three ways, parts nest without end.
`mail_parse` never raises on malformed content; it refuses a message only for
the limits below (`MailRefused`, with a stable reason the quarantine shows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from rightdesk.channels.email.charsets import decode_text
from rightdesk.channels.email.noise import automation_of
from rightdesk.channels.email.quotes import visible_part
from rightdesk.core.sanitize import clean_filename, clean_text

MAX_BYTES = 40 * 1024 * 1024
MAX_PARTS = 250
MAX_DEPTH = 12
MAX_RECIPIENTS = 200
SUMMARY_BYTES = 256 * 1024
_MESSAGE_ID = re.compile(r"<([^<>\s]{1,250})>")
_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)
_BLANK_LINES = re.compile(r"\n{3,}")
_SURROGATE = re.compile("[\ud800-\udfff]")


class MailRefused(Exception):
    """A message past one of the limits: kept raw, quarantined with this reason."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ParsedAttachment:
    """A file of a message. The name is the sender's and is only ever displayed."""

    filename: str
    content_type: str
    data: bytes
    content_id: str = ""
    inline: bool = False


@dataclass(frozen=True)
class ParsedMail:
    """What the desk keeps of one message."""

    message_id: str
    in_reply_to: list[str]
    references: list[str]
    sender_email: str
    sender_name: str
    reply_to: list[str]
    to: list[str]
    cc: list[str]
    subject: str
    date: datetime | None
    text: str
    html: str
    visible_text: str
    attachments: list[ParsedAttachment] = field(default_factory=list)
    # None for a person writing; else "auto-reply", "bounce", "list" or "bulk".
    automation: str | None = None


def mail_parse(raw: bytes) -> ParsedMail:
    """The message in `raw` (RFC 5322 bytes), or MailRefused past a limit."""
    if len(raw) > MAX_BYTES:
        raise MailRefused("too_large", f"{len(raw)} bytes")
    if not raw.strip():
        raise MailRefused("empty")
    message = BytesParser(policy=policy.default).parsebytes(raw)
    _check_shape(message)
    to, cc = _addresses(message, "to"), _addresses(message, "cc")
    if len(to) + len(cc) > MAX_RECIPIENTS:
        raise MailRefused("too_many_recipients", str(len(to) + len(cc)))
    sender_name, sender_email = _sender(message)
    texts: list[str] = []
    htmls: list[str] = []
    attachments: list[ParsedAttachment] = []
    _walk(message, texts, htmls, attachments)
    html = "\n".join(htmls)
    text = "\n\n".join(t.strip() for t in texts if t.strip()) or _html_as_text(html)
    text = clean_text(text.replace("\r\n", "\n"))
    return ParsedMail(
        message_id=_first_id(_header(message, "message-id")),
        in_reply_to=_ids(_header(message, "in-reply-to")),
        references=_ids(_header(message, "references")),
        sender_email=sender_email,
        sender_name=sender_name,
        reply_to=_addresses(message, "reply-to"),
        to=to,
        cc=cc,
        subject=" ".join(clean_text(_header(message, "subject")).split())[:300],
        date=_date(_header(message, "date")),
        text=text,
        html=html,
        visible_text=visible_part(text),
        attachments=attachments,
        automation=automation_of(message, sender_email),
    )


@dataclass(frozen=True)
class MailSummary:
    """Who, what and which Message-ID, from the headers alone."""

    message_id: str
    sender: str
    subject: str


def mail_summary(raw: bytes) -> MailSummary:
    """The headers that name a message, read the same way as by mail_parse, never refused.

    For the quarantine list: a message the parser refuses is still recognisable.
    A header that cannot be read is left blank.
    """
    try:
        message = BytesParser(policy=policy.default).parsebytes(
            raw[:SUMMARY_BYTES], headersonly=True
        )
        _name, sender = _sender(message)
        subject = " ".join(clean_text(_header(message, "subject")).split())[:300]
        return MailSummary(_first_id(_header(message, "message-id")), sender, subject)
    except Exception:  # best effort: the full parse decides what the message is
        return MailSummary("", "", "")


def _header(message: Message, name: str) -> str:
    """A header's decoded value; '' when missing or unreadable (RFC 2047 gone wrong)."""
    raw = _raw_header(message, name)
    if raw is not None and _SURROGATE.search(raw):
        return _decoded(raw)
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError, AttributeError):
        return ""
    return "" if value is None else str(value)


def _raw_header(message: Message, name: str) -> str | None:
    for key, raw in message.raw_items():
        if key.lower() == name:
            return str(raw)
    return None


def _decoded(raw: str) -> str:
    """A raw header value as text: 8-bit bytes read by what they are, encoded words decoded."""
    try:
        return str(make_header(decode_header(unescaped(raw))))
    except (LookupError, UnicodeError, ValueError, HeaderParseError):
        return unescaped(raw)


def unescaped(value: str) -> str:
    """Header text whose raw 8-bit bytes (unencoded UTF-8, windows-1251...) are read as text.

    The parser keeps such bytes as surrogates, which no database stores.
    """
    if not _SURROGATE.search(value):
        return value
    return decode_text(value.encode("utf-8", "surrogateescape"), None)


def _check_shape(message: Message) -> None:
    parts = 0
    stack: list[tuple[Message, int]] = [(message, 0)]
    while stack:
        part, depth = stack.pop()
        parts += 1
        if parts > MAX_PARTS:
            raise MailRefused("too_many_parts", f"more than {MAX_PARTS}")
        if depth > MAX_DEPTH:
            raise MailRefused("too_deep", f"more than {MAX_DEPTH} levels")
        payload = part.get_payload() if part.is_multipart() else None
        if isinstance(payload, list):
            stack.extend((p, depth + 1) for p in payload if isinstance(p, Message))


def _addresses(message: Message, name: str) -> list[str]:
    raw = [unescaped(str(v)) for v in (message.get_all(name) or []) if v is not None]
    found = []
    for _display, address in getaddresses(raw):
        address = clean_text(address).strip().strip("<>").lower()
        if "@" in address and len(address) <= 254 and " " not in address:
            found.append(address)
    return list(dict.fromkeys(found))


def _sender(message: Message) -> tuple[str, str]:
    """(name, address) of who wrote it: From, else Sender; empty when there is none."""
    for name in ("from", "sender"):
        try:
            header = message.get(name)
            addresses: tuple[Address, ...] = getattr(header, "addresses", ())
        except (ValueError, IndexError, TypeError, AttributeError):
            addresses = ()
        for address in addresses:
            email = clean_text(address.addr_spec or "").strip().lower()
            if "@" in email and len(email) <= 254:
                display = _raw_display_name(message, name) or unescaped(address.display_name)
                return " ".join(clean_text(display).split())[:200], email
        for plain in _addresses(message, name):
            return "", plain
    return "", ""


def _raw_display_name(message: Message, name: str) -> str:
    """The display name decoded from the raw header.

    The stdlib's structured parser puts a space between two adjacent encoded
    words of a name ("Kauba ndus") where RFC 2047 says the space between them
    means nothing; the older decoder gets it right.
    """
    raw = _raw_header(message, name)
    return "" if raw is None else parseaddr(_decoded(raw))[0]


def _ids(value: str) -> list[str]:
    return list(dict.fromkeys(_MESSAGE_ID.findall(value)))[:100]


def _first_id(value: str) -> str:
    ids = _ids(value)
    return ids[0] if ids else ""


def _date(value: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


def _walk(
    part: Message, texts: list[str], htmls: list[str], attachments: list[ParsedAttachment]
) -> None:
    """Collect the bodies and files of a part; `multipart/alternative` keeps one body.

    An attached message (a forward) is one file, not more text of this one.
    """
    if part.get_content_maintype() == "message":
        attachments.append(_attachment(part, fallback="message.eml"))
        return
    if part.is_multipart():
        children = [p for p in part.get_payload() if isinstance(p, Message)]
        if part.get_content_subtype() == "alternative":
            _walk_alternative(children, texts, htmls, attachments)
            return
        for child in children:
            _walk(child, texts, htmls, attachments)
        return
    content_type = part.get_content_type()
    disposition = (part.get_content_disposition() or "").lower()
    named = bool(_filename(part))
    if content_type == "text/plain" and disposition != "attachment" and not named:
        texts.append(decode_text(_payload(part), part.get_content_charset()))
    elif content_type == "text/html" and disposition != "attachment" and not named:
        htmls.append(decode_text(_payload(part), part.get_content_charset()))
    else:
        attachments.append(_attachment(part))


def _walk_alternative(
    children: list[Message],
    texts: list[str],
    htmls: list[str],
    attachments: list[ParsedAttachment],
) -> None:
    plain = [c for c in children if c.get_content_type() == "text/plain"]
    rich = [c for c in children if c.get_content_type() == "text/html" or c.is_multipart()]
    if plain:
        _walk(plain[0], texts, [], attachments)
    for child in rich[-1:]:
        # The richest version's files (inline images of a multipart/related) are kept.
        _walk(child, [] if plain else texts, htmls, attachments)


def _payload(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except (ValueError, TypeError, AssertionError):
        data = None
    if isinstance(data, bytes):
        return data
    raw = part.get_payload()
    return raw.encode("utf-8", "replace") if isinstance(raw, str) else b""


def _filename(part: Message) -> str:
    try:
        return unescaped(part.get_filename() or "")
    except (ValueError, TypeError, IndexError, AttributeError):
        return ""


def _attachment(part: Message, fallback: str = "attachment") -> ParsedAttachment:
    if part.get_content_type().startswith("message/"):
        inner = part.get_payload()
        message = inner[0] if isinstance(inner, list) and inner else None
        data = message.as_bytes() if isinstance(message, EmailMessage) else _payload(part)
    else:
        data = _payload(part)
    content_id = _first_id(_header(part, "content-id")) or _header(part, "content-id").strip()
    return ParsedAttachment(
        filename=clean_filename(_filename(part), fallback=fallback),
        content_type=part.get_content_type(),
        data=data,
        content_id=clean_text(content_id)[:250],
        inline=(part.get_content_disposition() or "") == "inline" or bool(content_id),
    )


def _html_as_text(html: str) -> str:
    """A readable plain text of an HTML-only message (for search and the visible part)."""
    import html as entities

    text = re.sub(r"<(br|/p|/div|/tr|/h\d|/li)\b[^>]*>", "\n", html, flags=re.I)
    text = entities.unescape(_TAGS.sub("", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
