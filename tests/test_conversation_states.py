"""The status graph: every edge it allows works, every other move is refused."""

import pytest

from rightdesk.conversations.actions import conversation_update, message_post
from rightdesk.conversations.models import Conversation
from rightdesk.conversations.states import REOPEN_ON_CUSTOMER_MESSAGE, TRANSITIONS, Status
from rightdesk.core.errors import Conflict
from tests.conftest import ApiClient
from tests.factories import actor_for, make_conversation

pytestmark = pytest.mark.django_db


def _at(workspace, status: str) -> Conversation:  # type: ignore[no-untyped-def]
    conversation = make_conversation(workspace)
    Conversation.objects.filter(pk=conversation.pk).update(status=status)
    conversation.refresh_from_db()
    return conversation


@pytest.mark.parametrize(
    ("current", "target"), [(a, b) for a in Status.values for b in Status.values if a != b]
)
def test_every_move_follows_the_graph(workspace, current: str, target: str) -> None:
    # given
    conversation = _at(workspace, current)
    # when
    if target in TRANSITIONS[current]:
        changed = conversation_update(
            actor=actor_for(workspace), conversation=conversation, status=target
        )
        # then
        assert changed.status == target
    else:
        with pytest.raises(Conflict) as refused:
            conversation_update(
                actor=actor_for(workspace), conversation=conversation, status=target
            )
        assert refused.value.code == "invalid_transition"
        conversation.refresh_from_db()
        assert conversation.status == current


def test_the_graph_is_the_documented_one() -> None:
    # new → open ⇄ pending → resolved → closed, and back to open from resolved or closed
    assert TRANSITIONS[Status.OPEN] >= {Status.PENDING, Status.RESOLVED}
    assert Status.OPEN in TRANSITIONS[Status.PENDING]
    assert Status.CLOSED in TRANSITIONS[Status.RESOLVED]
    assert Status.NEW not in set().union(*TRANSITIONS.values())
    assert TRANSITIONS[Status.CLOSED] == {Status.OPEN}


@pytest.mark.parametrize("current", Status.values)
def test_customer_message_reopens(workspace, current: str) -> None:
    # given
    conversation = _at(workspace, current)
    # when
    message_post(
        actor=actor_for(workspace, interface="email"),
        conversation=conversation,
        direction="in",
        body_text="Any news?",
    )
    # then
    conversation.refresh_from_db()
    assert conversation.status == REOPEN_ON_CUSTOMER_MESSAGE[current]


def test_reply_html_is_sanitised(api: ApiClient, workspace) -> None:
    # given
    conversation = make_conversation(workspace)
    html = '<p onclick="steal()">Hi <script>alert(1)</script><a href="javascript:x">link</a></p>'
    # when
    r = api.post(f"conversations/{conversation.pk}/messages", {"body": "Hi", "body_html": html})
    # then
    assert r.status_code == 201
    body_html = r.json()["body_html"]
    assert "<p>" in body_html and "Hi" in body_html
    for bad in ("onclick", "<script", "javascript:", "alert(1)"):
        assert bad not in body_html
