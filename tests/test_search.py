import pytest
from django.core.management import call_command
from django.db import connection

from rightdesk.conversations.actions import message_post
from rightdesk.conversations.queries import conversation_filter
from rightdesk.core.models import Workspace
from rightdesk.search.index import Hits, matching_conversations, search
from rightdesk.search.models import SearchDocument
from tests.factories import actor_for, make_conversation, make_workspace

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


def test_a_word_the_engine_cannot_index_finds_nothing(workspace) -> None:
    # given
    make_conversation(workspace, body="Паркет в квартире")
    # when / then: "½" is a word to us, and no lexeme to PostgreSQL's parser
    assert search(workspace_id=workspace.pk, q="½") == Hits([], [])
    assert list(conversation_filter(workspace=workspace, q="½")) == []


def test_customer_search_is_not_crowded_out_by_conversations(workspace) -> None:
    # given a customer, then newer conversations that use their name
    first = make_conversation(workspace, body="Hello", email="tamm@example.org")
    for _ in range(2):
        make_conversation(workspace, body="Tamm called again")
    # when only customers are asked for, one place is enough
    hits = search(workspace_id=workspace.pk, q="tamm", limit=1, only="customers")
    # then
    assert hits == Hits([], [first.customer_id])


def test_hostile_query_is_harmless(workspace) -> None:
    make_conversation(workspace, body="hello")
    for q in ['"', "a OR", "NEAR(", "*", "' ; DROP TABLE x", "\x00"]:
        search(workspace_id=workspace.pk, q=q)


def _workspace_numbered(pk: int) -> Workspace:
    """A workspace made by the real action, with the id the test needs."""
    table = Workspace._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [pk - 1])
        else:
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [pk - 1, table])
    workspace = make_workspace(f"Shop {pk}")
    assert workspace.pk == pk
    return workspace


def test_workspaces_whose_ids_share_digits_never_see_each_other(workspace) -> None:
    # given workspaces numbered n, nn and n1 (say 7, 77 and 71), each with the same word
    first = workspace
    repeated = _workspace_numbered(int(f"{first.pk}{first.pk}"))
    longer = _workspace_numbered(int(f"{first.pk}{first.pk}1"))
    mine = {w.pk: make_conversation(w, body="Паркет вздулся").pk for w in (first, repeated, longer)}
    # when each searches
    for w in (first, repeated, longer):
        found = search(workspace_id=w.pk, q="паркет").conversation_ids
        listed = [c.pk for c in conversation_filter(workspace=w, q="паркет")]
        # then each finds its own conversation only, and so does the index on its own
        assert found == [mine[w.pk]]
        assert listed == [mine[w.pk]]
        assert _index_alone(w.pk, "паркет") == [mine[w.pk]]


def _index_alone(workspace_id: int, q: str) -> list[int]:
    """What the full-text index answers, without the outer query's workspace filter."""
    matching = matching_conversations(workspace_id=workspace_id, q=q)
    assert matching is not None
    with connection.cursor() as cursor:
        cursor.execute(*matching)
        return [row[0] for row in cursor.fetchall()]


def test_a_workspace_number_in_the_text_does_not_leak_into_another(workspace) -> None:
    # given a conversation that quotes the other workspace's number and its index lexeme
    other = _workspace_numbered(workspace.pk + 100)
    make_conversation(workspace, body=f"{other.pk} workspace {other.pk} w{other.pk}")
    # when the other workspace searches for its own number
    for q in (str(other.pk), f"workspace {other.pk}"):
        # then nothing of the first workspace is found
        assert search(workspace_id=other.pk, q=q) == Hits([], [])
        assert _index_alone(other.pk, q) == []


def test_inbox_search_finds_inflected_forms_and_needs_every_word(workspace) -> None:
    # given
    flat = make_conversation(workspace, subject="Ремонт", body="Мы перестелили паркет в квартирах")
    make_conversation(workspace, subject="Ремонт", body="Паркет на складе")
    # when
    one_word = [c.pk for c in conversation_filter(workspace=workspace, q="КВАРТИРА")]
    two_words = [c.pk for c in conversation_filter(workspace=workspace, q="паркетом квартиру")]
    nothing = list(conversation_filter(workspace=workspace, q="!!!"))
    # then
    assert one_word == [flat.pk]
    assert two_words == [flat.pk]
    assert nothing == []


def test_inbox_search_sorts_every_match_by_last_activity(workspace) -> None:
    # given three matching conversations; the oldest gets the latest reply
    old, middle, new = (make_conversation(workspace, body=f"arve {i}") for i in range(3))
    make_conversation(workspace, body="something else")
    message_post(
        actor=actor_for(workspace),
        conversation=old,
        direction="out",
        body_text="Saatsime arved uuesti.",
    )
    # when
    found = [c.pk for c in conversation_filter(workspace=workspace, q="arvet")]
    # then
    assert found == [old.pk, new.pk, middle.pk]


def test_a_reply_is_searchable_and_an_edit_forgets_old_words(workspace) -> None:
    # given
    conv = make_conversation(workspace, subject="Kohaletoimetamine", body="Tere")
    # when a reply adds a word
    message_post(
        actor=actor_for(workspace), conversation=conv, direction="in", body_text="Kus on arve?"
    )
    # then both the old and the new words find it
    assert search(workspace_id=workspace.pk, q="arve").conversation_ids == [conv.pk]
    assert search(workspace_id=workspace.pk, q="tere").conversation_ids == [conv.pk]
    # and when the document is rewritten without the old word (the index follows any
    # write to the table), the old word finds nothing
    SearchDocument.objects.filter(conversation=conv).update(terms="uus")
    assert search(workspace_id=workspace.pk, q="tere") == Hits([], [])
    assert search(workspace_id=workspace.pk, q="uus").conversation_ids == [conv.pk]


@pytest.mark.django_db(transaction=True)
def test_the_index_migration_indexes_existing_documents() -> None:
    # given documents written under the previous index
    call_command("migrate", "conversations", "0002", verbosity=0)
    workspace = make_workspace("Before the migration")
    older = make_conversation(workspace, body="Мы перестелили паркет в квартирах")
    # when the migration runs, and is undone and done again
    call_command("migrate", "conversations", verbosity=0)
    call_command("migrate", "conversations", "0002", verbosity=0)
    call_command("migrate", "conversations", verbosity=0)
    newer = make_conversation(workspace, body="Паркет в квартире")
    # then both are found, scoped to their workspace
    found = search(workspace_id=workspace.pk, q="квартира").conversation_ids
    assert found == [newer.pk, older.pk]
    assert search(workspace_id=workspace.pk + 1, q="квартира") == Hits([], [])
