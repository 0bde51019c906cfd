"""The desk's own marks on the mail it sends, by which a reply finds its conversation.

Every outgoing message carries the conversation's token twice: in its
Message-ID (which replies quote in In-Reply-To and References) and in a
plus-address on Reply-To (`support+rd4001k7f3q2m9@desk.example`). A token is
the conversation's id with a keyed MAC over the workspace and that id, so it
cannot be guessed or forged, and a token of one workspace means nothing in
another. Replacing the secret key makes earlier tokens unknown; replies to
older mail then fall back to the other ways of threading.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from django.conf import settings

PREFIX = "rd"
_MAC_CHARS = 10  # base32: 50 bits
_TOKEN = re.compile(rf"{PREFIX}(\d{{1,19}})([a-z2-7]{{{_MAC_CHARS}}})")
_MESSAGE_ID = re.compile(rf"^{PREFIX}\.(\d{{1,19}})\.([a-z2-7]{{{_MAC_CHARS}}})\.[a-z2-7]+@")


def _mac(workspace_id: int, conversation_id: int) -> str:
    key = f"rightdesk.mail-token:{settings.SECRET_KEY}".encode()
    digest = hmac.new(key, f"{workspace_id}:{conversation_id}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().lower()[:_MAC_CHARS]


def conversation_token(*, workspace_id: int, conversation_id: int) -> str:
    """The conversation's token, e.g. `rd4001k7f3q2m9ab`."""
    return f"{PREFIX}{conversation_id}{_mac(workspace_id, conversation_id)}"


def reply_address(*, mailbox: str, workspace_id: int, conversation_id: int) -> str:
    """The mailbox's address with the conversation's token as its plus part."""
    local, _at, domain = mailbox.rpartition("@")
    token = conversation_token(workspace_id=workspace_id, conversation_id=conversation_id)
    return f"{local.split('+', 1)[0]}+{token}@{domain}"


def message_id_for(*, workspace_id: int, conversation_id: int, domain: str) -> str:
    """A new Message-ID (without angle brackets) that carries the conversation's token."""
    mac = _mac(workspace_id, conversation_id)
    unique = base64.b32encode(secrets.token_bytes(10)).decode().lower()
    return f"{PREFIX}.{conversation_id}.{mac}.{unique}@{domain}"


def _checked(workspace_id: int, conversation_id: str, mac: str) -> int | None:
    pk = int(conversation_id)
    if not 1 <= pk <= 2**63 - 1:
        return None
    return pk if hmac.compare_digest(mac, _mac(workspace_id, pk)) else None


def conversation_of_address(address: str, *, workspace_id: int) -> int | None:
    """The conversation whose token is the plus part of `address`, if it is genuine here."""
    local = address.rpartition("@")[0].lower()
    plus = local.split("+", 1)[1] if "+" in local else ""
    found = _TOKEN.fullmatch(plus)
    return _checked(workspace_id, found.group(1), found.group(2)) if found else None


def conversation_of_message_ids(ids: list[str], *, workspace_id: int) -> int | None:
    """The conversation named by the first genuine desk Message-ID among `ids`."""
    for message_id in ids:
        found = _MESSAGE_ID.match(message_id.lower())
        if found:
            pk = _checked(workspace_id, found.group(1), found.group(2))
            if pk is not None:
                return pk
    return None
