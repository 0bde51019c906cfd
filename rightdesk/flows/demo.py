"""The demo workspaces that `rightdesk demo` and `make run` create."""

from __future__ import annotations

from rightdesk.accounts.actions import user_ensure, workspace_create
from rightdesk.core.models import Workspace

DEMO_PASSWORD = "demo-desk-2026"
DEMO_OWNER = "owner@demo.rightdesk.test"


def demo_ensure(*, progress: bool = False) -> None:
    """Create the demo workspaces unless they exist (safe to run again)."""
    if not Workspace.objects.filter(slug="demo").exists():
        workspace_create(name="Demo", owner_email=DEMO_OWNER)
    owner = user_ensure(email=DEMO_OWNER)
    if not owner.check_password(DEMO_PASSWORD):
        owner.set_password(DEMO_PASSWORD)
        owner.save(update_fields=["password"])


def logins() -> list[str]:
    return [f"Demo login: {DEMO_OWNER} / {DEMO_PASSWORD}"]
