"""The marks on outgoing mail that lead a reply back to its conversation, and only there."""

from __future__ import annotations

import pytest

from rightdesk.channels.email.tokens import (
    conversation_of_address,
    conversation_of_message_ids,
    conversation_token,
    message_id_for,
    reply_address,
)


@pytest.mark.parametrize("conversation_id", [1, 4001, 2**63 - 1])
def test_a_reply_address_leads_back_to_its_conversation(conversation_id: int) -> None:
    address = reply_address(
        mailbox="support@desk.example", workspace_id=7, conversation_id=conversation_id
    )
    assert address.startswith("support+rd") and address.endswith("@desk.example")
    assert conversation_of_address(address, workspace_id=7) == conversation_id
    # some servers change the case of the local part
    assert conversation_of_address(address.upper(), workspace_id=7) == conversation_id


def test_a_message_id_leads_back_to_its_conversation_and_is_new_each_time() -> None:
    first = message_id_for(workspace_id=7, conversation_id=42, domain="desk.example")
    second = message_id_for(workspace_id=7, conversation_id=42, domain="desk.example")
    assert first != second
    references = ["abc@customer.example", second, first]
    assert conversation_of_message_ids(references, workspace_id=7) == 42


def test_another_workspaces_token_means_nothing_here() -> None:
    address = reply_address(mailbox="help@desk.example", workspace_id=7, conversation_id=42)
    assert conversation_of_address(address, workspace_id=8) is None
    message_id = message_id_for(workspace_id=7, conversation_id=42, domain="desk.example")
    assert conversation_of_message_ids([message_id], workspace_id=8) is None


@pytest.mark.parametrize(
    "forged",
    [
        "support+rd43aaaaaaaaaa@desk.example",  # a guessed MAC
        "support+rd42@desk.example",
        "support+rd0aaaaaaaaaa@desk.example",
        "support+rd99999999999999999999aaaaaaaaaa@desk.example",
        "support@desk.example",
        "support+@desk.example",
        "no-at-sign",
        "",
    ],
)
def test_forged_or_broken_addresses_lead_nowhere(forged: str) -> None:
    assert conversation_of_address(forged, workspace_id=7) is None


def test_a_token_with_another_conversations_id_leads_nowhere() -> None:
    token = conversation_token(workspace_id=7, conversation_id=42)
    mac = token[len("rd42") :]
    assert conversation_of_address(f"s+rd43{mac}@d.example", workspace_id=7) is None
    assert conversation_of_message_ids([f"rd.43.{mac}.xyz@d.example"], workspace_id=7) is None


def test_a_mailbox_address_with_its_own_plus_part_keeps_one() -> None:
    address = reply_address(mailbox="desk+sales@desk.example", workspace_id=7, conversation_id=5)
    assert address.count("+") == 1
    assert conversation_of_address(address, workspace_id=7) == 5
