"""Reads about webhooks, always within one workspace."""

from __future__ import annotations

from django.db.models import QuerySet

from rightdesk.core.errors import NotFound
from rightdesk.core.models import Workspace
from rightdesk.webhooks.models import Delivery, Endpoint


def endpoints_of(workspace: Workspace) -> QuerySet[Endpoint]:
    return Endpoint.objects.filter(workspace=workspace).order_by("id")


def endpoint_get(workspace: Workspace, endpoint_id: int) -> Endpoint:
    """An endpoint of this workspace; another workspace's endpoint is simply not found."""
    endpoint = endpoints_of(workspace).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise NotFound()
    return endpoint


def deliveries_of(endpoint: Endpoint) -> QuerySet[Delivery]:
    return Delivery.objects.filter(workspace_id=endpoint.workspace_id, endpoint=endpoint).order_by(
        "-id"
    )
