"""Mail that no person wrote: auto-replies, delivery reports, lists and bulk mail.

The desk stores such mail but never answers it automatically, so two robots
cannot keep each other busy.
"""

from __future__ import annotations

import re
from email.message import Message

_AUTO_SUBJECT = re.compile(
    r"^\s*(auto(matic)?\s*(reply|response)|auto:|out of (the )?office|"
    r"автоматический ответ|автоответ|автовідповідь|автоматична відповідь|"
    r"automaatne vastus|eemal)",
    re.I,
)
_ROBOTS = ("mailer-daemon", "postmaster", "mail-daemon", "noreply", "no-reply", "do-not-reply")


def _value(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError, AttributeError):
        return ""
    return "" if value is None else str(value).strip().lower()


def automation_of(message: Message, sender: str) -> str | None:
    """None when a person wrote the message; else what kind of robot did."""
    content_type = message.get_content_type()
    report = message.get_param("report-type", header="content-type")
    local = sender.split("@", 1)[0]
    if (
        content_type == "message/delivery-status"
        or (content_type == "multipart/report" and str(report).lower() == "delivery-status")
        or local in ("mailer-daemon", "postmaster", "mail-daemon")
        or _value(message, "return-path") == "<>"
    ):
        return "bounce"
    auto_submitted = _value(message, "auto-submitted")
    precedence = _value(message, "precedence")
    if (
        (auto_submitted and auto_submitted != "no")
        or precedence == "auto_reply"
        or _value(message, "x-autoreply")
        or _value(message, "x-autorespond")
        or _AUTO_SUBJECT.match(_value(message, "subject"))
    ):
        return "auto-reply"
    if _value(message, "list-id") or _value(message, "list-unsubscribe") or precedence == "list":
        return "list"
    if precedence in ("bulk", "junk") or local in _ROBOTS:
        return "bulk"
    return None
