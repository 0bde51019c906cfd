"""Merging one conversation into another."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from rightdesk.conversations.actions import refuse_merged
from rightdesk.conversations.indexing import index_conversation
from rightdesk.conversations.models import Conversation, Message
from rightdesk.conversations.payloads import conversation_payload_of
from rightdesk.conversations.states import STATUS_AFTER_MERGE
from rightdesk.core.clock import now
from rightdesk.core.context import Actor, AuditEntry, audit_record_many
from rightdesk.core.errors import NotFound, ValidationFailed
from rightdesk.webhooks.actions import events_emit


@transaction.atomic
def conversation_merge(*, actor: Actor, source: Conversation, target: Conversation) -> Conversation:
    """Merge `source` into `target`: messages move, followers and tags join, source closes.

    The source stays as a closed shell whose `merged_into` points at the target,
    so old links and email threads can find where the conversation went. Both
    are reported to webhooks as updated.
    """
    actor.require("conversations.merge")
    if source.workspace_id != actor.workspace.pk or target.workspace_id != actor.workspace.pk:
        raise NotFound()
    if source.pk == target.pk:
        raise ValidationFailed(
            _("A conversation cannot be merged into itself."), code="merge_into_itself"
        )
    # Both rows locked in id order, so two opposite merges cannot deadlock.
    locked = {
        c.pk: c
        for c in Conversation.objects.select_for_update()
        .filter(pk__in=[source.pk, target.pk])
        .order_by("pk")
    }
    source, target = locked[source.pk], locked[target.pk]
    refuse_merged(source)
    refuse_merged(target)
    moment = now()
    moved = Message.objects.filter(conversation=source).update(conversation=target)
    # Conversations merged into the source earlier now lead straight to the target.
    Conversation.objects.filter(merged_into=source).update(merged_into=target)
    target.followers.add(*source.followers.all())
    target.tags.add(*source.tags.all())
    newest = Message.objects.filter(conversation=target).aggregate(m=Max("created_at"))["m"]
    target.message_count = Message.objects.filter(conversation=target).count()
    target.last_activity_at = max(filter(None, [newest, target.last_activity_at]))
    target.updated_at = moment
    target.save(update_fields=["message_count", "last_activity_at", "updated_at"])
    before = source.status
    source.status = STATUS_AFTER_MERGE
    source.merged_into = target
    source.message_count = 0
    source.updated_at = moment
    source.save(update_fields=["status", "merged_into", "message_count", "updated_at"])
    audit_record_many(
        actor=actor,
        entries=[
            AuditEntry(
                verb="conversation.merged",
                object_type="conversation",
                object_id=source.pk,
                data={"into": target.pk, "messages": moved, "status": [before, STATUS_AFTER_MERGE]},
            ),
            AuditEntry(
                verb="conversation.merged_from",
                object_type="conversation",
                object_id=target.pk,
                data={"from": source.pk, "messages": moved},
            ),
        ],
        at=moment,
    )
    index_conversation(source)
    index_conversation(target)
    events_emit(
        workspace_id=actor.workspace.pk,
        events=[
            ("conversation.updated", partial(conversation_payload_of, c.pk))
            for c in (source, target)
        ],
    )
    return target
