"""What every API module needs: the acting person, permissions, scoped lookups, errors."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.urls import register_converter
from ninja import Path, Schema

from rightdesk.accounts.queries import TokenGrant
from rightdesk.core.context import Actor
from rightdesk.core.cursor import MAX_ID
from rightdesk.core.errors import NotFound, PermissionDenied
from rightdesk.core.models import Interface

M = TypeVar("M", bound=Model)


class IdConverter:
    """`{id:name}` in a route: a row id. A number no row can have (0, or beyond the
    64-bit ids of the database) matches no route and is a 404 like any unknown id,
    before any code can hand it to the database driver."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)  # a ValueError here also means "no such route"
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

# The order of lists that show the newest first, and their cursor's kinds.
NEWEST_FIRST = ("-created_at", "-id")

# The type of a path id, so that the spec says which numbers can name a row.
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    # Answered by the web server before the desk reads the request (`rightdesk serve`).
    414: ErrorOut,
    415: ErrorOut,
    422: ErrorOut,
    431: ErrorOut,
}


def actor_for(request: HttpRequest, permission: str | None = None) -> Actor:
    """The token's person in its workspace, with their role.

    Reads name the permission they need here; a change names none, because its
    action checks the actor's role itself, whichever interface carries it.
    """
    grant: TokenGrant = request.auth  # type: ignore[attr-defined]
    if permission is not None and not grant.allows(permission):
        raise PermissionDenied()
    return Actor(
        workspace=grant.token.workspace,
        user=grant.token.user,
        role=grant.role,
        interface=Interface.API,
    )


def scoped_get(queryset: QuerySet[M], actor: Actor, pk: int) -> M:
    """An object of the actor's workspace; another workspace's object is simply not found."""
    if not 1 <= pk <= MAX_ID:
        raise NotFound()
    obj = queryset.filter(workspace=actor.workspace, pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


def links(status: int, parameter: str, pointer: str, *operations: str) -> dict[str, Any]:
    """OpenAPI links from an answer to the operations that take one of its ids.

    `links(201, "conversation_id", "/id", "get_conversation")`: the id in the
    answer's body at `pointer` is `parameter` of each operation (named by its
    function, as django-ninja names operations). Fuzzers follow these links to
    chain create -> read -> change.
    """
    return {
        "responses": {
            status: {
                "links": {
                    "".join(w.title() for w in op.split("_")): {
                        "operationId": op_id,
                        "parameters": {parameter: f"$response.body#{pointer}"},
                    }
                    for op in operations
                    for op_id in [f"rightdesk_api_{op}"]
                }
            }
        }
    }
