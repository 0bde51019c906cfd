import pytest

from rightdesk.conversations.search import search
from tests.factories import make_conversation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Мы перестелили паркет в квартирах", "квартира"),
        ("Ёлки привезли вчера", "елки"),
        ("М’ясо не доставили", "мʼясо"),
        ("Töötajale saadeti arved", "arve"),
        ("Працівників не було вдома", "працівник"),
        ("The invoices are wrong", "INVOICE"),
    ],
)
def test_finds_words_regardless_of_form(workspace, text: str, query: str) -> None:
    conv = make_conversation(workspace, subject="Question", body=text)
    assert conv.pk in search(workspace_id=workspace.pk, q=query).conversation_ids


def test_search_is_scoped_to_the_workspace(workspace, other_workspace) -> None:
    foreign = make_conversation(other_workspace, body="паркет")
    assert foreign.pk not in search(workspace_id=workspace.pk, q="паркет").conversation_ids


def test_hostile_query_is_harmless(workspace) -> None:
    make_conversation(workspace, body="hello")
    for q in ['"', "a OR", "NEAR(", "*", "' ; DROP TABLE x", "\x00"]:
        search(workspace_id=workspace.pk, q=q)
