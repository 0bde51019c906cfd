import random
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.test import Client

from rightdesk.accounts.actions import workspace_create
from rightdesk.accounts.models import Membership, Team, User
from rightdesk.cli import main
from rightdesk.conversations.models import Conversation, Direction, Message
from rightdesk.core.clock import now
from rightdesk.core.errors import Conflict, ValidationFailed
from rightdesk.core.models import AuditEvent, Workspace
from rightdesk.customers.models import Customer
from rightdesk.flows import demo
from rightdesk.flows.demo_data import ru, uk
from rightdesk.flows.demo_threads import DemoThread, status_for
from rightdesk.search.index import search

pytestmark = pytest.mark.django_db

SMALL = {"conversations_per_workspace": 24, "customers_per_workspace": 15}
LANGUAGES = {"demo-en": "en", "demo-ru": "ru", "demo-uk": "uk", "demo-et": "et"}
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


@pytest.fixture
def demo_run() -> list[Workspace]:
    return demo.demo_ensure(**SMALL)


def _texts(workspace: Workspace) -> str:
    bodies = Message.objects.filter(workspace=workspace).values_list("body_text", flat=True)
    subjects = Conversation.objects.filter(workspace=workspace).values_list("subject", flat=True)
    return "\n".join([*bodies, *subjects])


def test_demo_creates_four_workspaces_in_their_languages(demo_run) -> None:
    # then
    workspaces = {w.slug: w for w in Workspace.objects.all()}
    assert {s: w.language for s, w in workspaces.items()} == LANGUAGES
    assert workspaces["demo-et"].timezone == "Europe/Tallinn"
    for workspace in workspaces.values():
        members = Membership.objects.filter(workspace=workspace).select_related("user")
        assert {m.role for m in members} == {"owner", "manager", "champion", "agent"}
        assert {m.user.language for m in members} == {workspace.language}
        assert 2 <= Team.objects.filter(workspace=workspace).count() <= 3
        assert Customer.objects.filter(workspace=workspace).count() == 15
        assert Conversation.objects.filter(workspace=workspace).count() == 24
    texts = {slug: _texts(w) for slug, w in workspaces.items()}
    assert not CYRILLIC.search(texts["demo-en"])
    assert not CYRILLIC.search(texts["demo-et"])
    assert re.search(r"[õäöü]", texts["demo-et"])
    assert CYRILLIC.search(texts["demo-ru"]) and not re.search(r"[іїєґ]", texts["demo-ru"])
    assert re.search(r"[іїєґ]", texts["demo-uk"])
    assert "lorem" not in "".join(texts.values()).lower()


def test_the_printed_demo_logins_work(demo_run, capsys) -> None:
    # when
    main(["demo", "--logins"])
    # then
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 8
    assert "Лисья лавка" in lines[2] and "demo-ru" in lines[2]
    for line in lines:
        email, password = line.split(": ", 1)[1].split(" / ")
        assert password == demo.DEMO_PASSWORD
        assert Client().login(username=email, password=password), line


def test_demo_threads_have_replies_notes_and_a_spread_of_statuses(demo_run) -> None:
    conversations = list(Conversation.objects.all())
    # then
    statuses = {c.status for c in conversations}
    assert len(statuses) >= 4
    assert statuses & {"new", "open", "pending"} and statuses & {"resolved", "closed"}
    assert len({c.priority for c in conversations}) >= 3
    directions = set(Message.objects.values_list("direction", flat=True))
    assert directions == {Direction.IN, Direction.OUT, Direction.NOTE}
    assert all(c.message_count >= 1 for c in conversations)
    answered = [c for c in conversations if c.status != "new"]
    assert all(c.assignee_id and c.team_id for c in answered)
    moment = now()
    created = [c.created_at for c in conversations]
    assert min(created) < moment - timedelta(days=45)
    assert max(created) > moment - timedelta(days=14)
    assert all(moment - timedelta(days=91) < c <= moment for c in created)
    for conversation in conversations[:20]:
        times = [m.created_at for m in conversation.messages.all()]
        assert times[0] == conversation.created_at
        assert times == sorted(times)
        assert conversation.last_activity_at == times[-1]


def test_young_conversations_are_mostly_in_progress_old_ones_mostly_done() -> None:
    # given
    rng = random.Random(7)
    # when
    young = Counter(status_for(rng, timedelta(hours=20)) for _n in range(300))
    old = Counter(status_for(rng, timedelta(days=60)) for _n in range(300))
    # then
    assert set(young) == {"new", "open", "pending", "resolved"}
    assert young["new"] > young["resolved"]
    assert old["closed"] + old["resolved"] > 250


@pytest.mark.parametrize("data", demo.DATASETS, ids=lambda d: d.LANGUAGE)
def test_demo_texts_use_only_known_placeholders(data) -> None:  # type: ignore[no-untyped-def]
    # given
    values = {"first": "A", "name": "A B", "agent": "C D", "agent_first": "C", "order": "1"}
    texts = [*data.GREETINGS, *data.SIGNOFFS, *data.AGENT_GREETINGS, *data.AGENT_SIGNOFFS]
    texts += [*data.THANKS, *data.NUDGES, *data.NOTES, *data.SECOND_REPLIES]
    for topic in data.TOPICS:
        for key in ("subjects", "customer", "replies", "notes", "followups"):
            texts += topic[key]
        assert len(topic["customer"]) == len(topic["replies"]), topic["subjects"]
        assert 0 <= topic["team"] < len(data.TEAMS)
    # then
    for text in texts:
        assert "{" not in text.format(**values), text


def _marked(data, mark: str) -> list[str]:  # type: ignore[no-untyped-def]
    texts = [*data.THANKS, *data.NUDGES]
    for topic in data.TOPICS:
        texts += [*topic["subjects"], *topic["customer"], *topic["followups"]]
    return [t[2:].split("{")[0][:30] for t in texts if t.startswith(mark)]


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_customers_write_in_their_own_grammatical_gender(demo_run, language: str) -> None:
    # given
    data = {"ru": ru, "uk": uk}[language]
    women, men = _marked(data, "♀ "), _marked(data, "♂ ")
    messages = Message.objects.filter(
        workspace__language=language, direction=Direction.IN
    ).select_related("author_customer")
    # then
    checked = 0
    for message in messages:
        assert "♀" not in message.body_text and "♂" not in message.body_text
        first = message.author_customer.name.split()[0]
        if any(w in message.body_text for w in women):
            assert first in data.FIRST_NAMES_F, message.body_text
            checked += 1
        if any(m in message.body_text for m in men):
            assert first in data.FIRST_NAMES_M, message.body_text
            checked += 1
    assert checked > 0


def test_customers_were_customers_before_they_wrote(demo_run) -> None:
    # given
    for workspace in demo_run:
        customers = Customer.objects.filter(workspace=workspace)
        first_written = {
            c.customer_id: c.created_at
            for c in Conversation.objects.filter(workspace=workspace).order_by("-created_at")
        }
        created_events = dict(
            AuditEvent.objects.filter(workspace=workspace, verb="customer.created").values_list(
                "object_id", "created_at"
            )
        )
        # then: nobody became a customer today, or after their first conversation
        assert all(c.created_at < now() - timedelta(days=demo.DAYS - 1) for c in customers)
        assert all(c.created_at < first_written.get(c.pk, now()) for c in customers)
        assert len({c.created_at.date() for c in customers}) > len(customers) // 2
        assert all(created_events[c.pk] == c.created_at for c in customers)


def test_a_second_run_adds_nothing(demo_run) -> None:
    # given
    def counts() -> list[int]:
        models = [Workspace, User, Customer, Conversation, Message, AuditEvent]
        return [m.objects.count() for m in models]

    before = counts()
    # when
    created = demo.demo_ensure(**SMALL)
    # then
    assert created == []
    assert counts() == before


def test_search_finds_demo_words_in_each_language(demo_run) -> None:
    # given: words the demo uses, typed in another grammatical form
    inflected = {"demo-en": "FLOORS", "demo-ru": "заказы", "demo-uk": "зуби", "demo-et": "arved"}
    for workspace in Workspace.objects.all():
        conversation = Conversation.objects.filter(workspace=workspace).first()
        assert conversation is not None
        word = max(re.findall(r"\w+", conversation.subject), key=len)
        # when
        hits = search(workspace_id=workspace.pk, q=word.upper())
        inflected_hits = search(workspace_id=workspace.pk, q=inflected[workspace.slug])
        # then
        assert conversation.pk in hits.conversation_ids, (workspace.slug, word)
        assert inflected_hits.conversation_ids, workspace.slug
    ru = Workspace.objects.get(slug="demo-ru")
    customer = Customer.objects.filter(workspace=ru).first()
    assert customer is not None
    assert customer.pk in search(workspace_id=ru.pk, q=customer.name).customer_ids


def test_an_interrupted_run_leaves_no_half_written_workspace(monkeypatch) -> None:
    # given: the third conversation of the second workspace fails
    calls = {"n": 0}
    write = DemoThread.write

    def failing_write(self, **kw):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == SMALL["conversations_per_workspace"] + 3:
            raise RuntimeError("power cut")
        return write(self, **kw)

    monkeypatch.setattr(DemoThread, "write", failing_write)
    # when
    with pytest.raises(RuntimeError):
        demo.demo_ensure(**SMALL)
    # then
    assert list(Workspace.objects.values_list("slug", flat=True)) == ["demo-en"]
    assert Customer.objects.exclude(workspace__slug="demo-en").count() == 0
    # when the next run goes through
    monkeypatch.setattr(DemoThread, "write", write)
    created = demo.demo_ensure(**SMALL)
    # then
    assert [w.slug for w in created] == ["demo-ru", "demo-uk", "demo-et"]


def test_demo_logins_before_the_demo_exists(capsys) -> None:
    # when
    main(["demo", "--logins"])
    # then
    assert "rightdesk demo" in capsys.readouterr().out


def test_a_taken_workspace_slug_is_a_conflict() -> None:
    # given
    workspace_create(name="Shop", owner_email="a@example.com", slug="shop")
    # when / then
    with pytest.raises(Conflict):
        workspace_create(name="Another shop", owner_email="b@example.com", slug="shop")
    with pytest.raises(ValidationFailed):
        workspace_create(name="Third shop", owner_email="c@example.com", slug="Shop 3")
