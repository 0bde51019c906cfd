import pytest
from django.core.management import call_command
from django.db import connection

from rightdesk.conversations.actions import message_post
from rightdesk.conversations.queries import conversation_filter
from rightdesk.core.models import Workspace
from rightdesk.search.index import TERMS_VERSION, Hits, matching_conversations, search
from rightdesk.search.models import SearchDocument
from rightdesk.search.tasks import refresh_search
from tests.conftest import run_cli
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


# Plural, case and compound forms in the four languages: (the text of a conversation,
# a query that must find it). Where two languages share a script, the word must be
# read in its own language: "machines" is no Estonian word.
FORMS = [
    ("The machines stopped at night", "machine"),
    ("Our machine is broken", "MACHINES"),
    ("Two invoices were sent twice", "invoice"),
    ("The parcel was delivered to a neighbour", "deliver"),
    ("The Children's shoes", "child"),
    ("Palun saatke arvet uuesti", "arve"),
    ("Arvetega on jälle segadus", "ARVED"),
    ("Masinad seisid terve öö", "masin"),
    ("Kliendikaart ei tööta poes", "kaart"),
    ("Kliendikaardiga ei saanud maksta", "kaart"),
    ("Kliendikaardiga ei saanud maksta", "kliendikaart"),
    ("Мы перестелили паркет в квартирах", "Квартира"),
    ("Когда будет доставка?", "доставку"),
    ("Оплатил доставку вчера", "доставка"),
    ("Пломбою незадоволений", "пломба"),
    ("Пломба випала", "пломбою"),
    ("Замовив м’ясо на завтра", "м'ясо"),
    ("Замовив м'ясо на завтра", "мʼясо"),
    ("Працівників не було вдома", "працівник"),
]


@pytest.mark.parametrize(("text", "query"), FORMS)
def test_finds_plural_case_and_compound_forms_in_every_language(
    workspace, text: str, query: str
) -> None:
    # given a conversation in one of the four languages, and an unrelated one
    conv = make_conversation(workspace, subject="Question", body=text)
    make_conversation(workspace, subject="Question", body="Tere, aitäh. Hello, thanks. Дякую.")
    # when its word is searched in another form
    found = search(workspace_id=workspace.pk, q=query).conversation_ids
    # then that conversation, and only it, is found
    assert found == [conv.pk]


@pytest.mark.parametrize(
    ("text", "query"),
    [
        # An English "need" is not the Estonian "need" (these), whose lemma is "see".
        ("We need a refund for the broken chair", "see"),
        # A compound's first part is not what it is about.
        ("Kliendikaart ei tööta poes", "klient"),
        # Words that only look alike.
        ("Arvuti ei lähe käima", "arve"),
        ("Мы переехали в другой квартал", "квартира"),
        ("Пломбир растаял при доставке", "пломба"),
        ("The machinery was loud", "machine"),
    ],
)
def test_does_not_find_unrelated_words(workspace, text: str, query: str) -> None:
    # given a conversation that does not speak of the query's word
    make_conversation(workspace, subject="Question", body=text)
    # when / then
    assert search(workspace_id=workspace.pk, q=query) == Hits([], [])


def test_reindex_rewrites_documents_of_an_older_index(workspace, capsys) -> None:
    # given a document whose terms were made before English plurals were read as English
    conv = make_conversation(workspace, subject="Broken", body="The machines stopped")
    SearchDocument.objects.filter(conversation=conv).update(terms="broken the machines stopped")
    assert search(workspace_id=workspace.pk, q="machine") == Hits([], [])
    # when the administrator reindexes the workspace
    code, out, _err = run_cli(capsys, "reindex", "--workspace", workspace.slug)
    # then the document holds today's terms
    assert code == 0
    assert "Rebuilt the search index" in out
    assert search(workspace_id=workspace.pk, q="machine").conversation_ids == [conv.pk]


def test_documents_of_an_older_version_are_rebuilt_in_the_background(workspace) -> None:
    # given a document written by a version of the desk that kept no terms version
    conv = make_conversation(workspace, subject="Broken", body="The machines stopped")
    customer_doc = SearchDocument.objects.get(customer_id=conv.customer_id)
    SearchDocument.objects.filter(conversation=conv).update(
        terms="broken the machines stopped", version=None
    )
    assert search(workspace_id=workspace.pk, q="machine") == Hits([], [])
    # when the worker's periodic task runs
    rebuilt = refresh_search()
    # then exactly that document was rebuilt with today's terms, and nothing is left to do
    assert rebuilt == 1
    assert search(workspace_id=workspace.pk, q="machine").conversation_ids == [conv.pk]
    assert SearchDocument.objects.get(pk=customer_doc.pk).terms == customer_doc.terms
    assert refresh_search() == 0


def test_new_documents_need_no_rebuilding(workspace) -> None:
    make_conversation(workspace, subject="Fresh", body="Nothing old here")
    assert set(SearchDocument.objects.values_list("version", flat=True)) == {TERMS_VERSION}
    assert refresh_search() == 0


def test_reindex_of_an_unknown_workspace_says_so(db, capsys) -> None:
    code, _out, err = run_cli(capsys, "reindex", "--workspace", "no-such-desk")
    assert code == 2
    assert "no-such-desk" in err


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
    # given documents that were there under the previous index (migrating back to it
    # keeps the rows; the code of today cannot write under the old tables)
    workspace = make_workspace("Before the migration")
    older = make_conversation(workspace, body="Мы перестелили паркет в квартирах")
    call_command("migrate", "conversations", "0002", verbosity=0)
    # when the migration runs, and is undone and done again
    call_command("migrate", "conversations", verbosity=0)
    call_command("migrate", "conversations", "0002", verbosity=0)
    call_command("migrate", verbosity=0)
    newer = make_conversation(workspace, body="Паркет в квартире")
    # then both are found, scoped to their workspace
    found = search(workspace_id=workspace.pk, q="квартира").conversation_ids
    assert found == [newer.pk, older.pk]
    assert search(workspace_id=workspace.pk + 1, q="квартира") == Hits([], [])
