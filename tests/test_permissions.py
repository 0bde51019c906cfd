from itertools import pairwise
from pathlib import Path

import pytest

from rightdesk.core.permissions import PERMISSIONS, Role, permissions_markdown, role_allows


def test_docs_show_the_table_the_code_checks() -> None:
    page = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
    assert page.read_text(encoding="utf-8") == permissions_markdown(), "run `make docs`"


def test_owner_may_do_everything_and_read_only_may_only_look() -> None:
    assert all(role_allows(Role.OWNER, p) for p in PERMISSIONS)
    allowed = {p for p in PERMISSIONS if role_allows(Role.READ_ONLY, p)}
    assert allowed == {"conversations.view", "customers.view", "tokens.manage_own"}


def test_roles_grow_from_agent_to_manager() -> None:
    ladder = [Role.READ_ONLY, Role.AGENT, Role.CHAMPION, Role.MANAGER, Role.OWNER]
    sets = [{p for p in PERMISSIONS if role_allows(r, p)} for r in ladder]
    assert all(a <= b for a, b in pairwise(sets))
    assert not role_allows("stranger", "conversations.view")


def test_unknown_permission_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        role_allows(Role.OWNER, "conversations.delete_everything")
