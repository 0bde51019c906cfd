"""Tenancy and the audit trail: the two things every other app stands on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LANGUAGE_CHOICES = [("en", "English"), ("ru", "Русский"), ("uk", "Українська"), ("et", "Eesti")]


class Workspace(models.Model):
    """One business (tenant). Every domain row belongs to exactly one workspace."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("default language"), max_length=5, choices=LANGUAGE_CHOICES, default="en"
    )
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class WorkspaceOwned(models.Model):
    """Base for every domain model: the workspace column and its index."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


class Tag(WorkspaceOwned):
    """A label shared by customers and conversations of one workspace."""

    name = models.CharField(_("name"), max_length=60)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="tag_name_once")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Interface(models.TextChoices):
    WEB = "web", _("web")
    API = "api", _("API")
    CLI = "cli", _("command line")
    SYSTEM = "system", _("system")
    EMAIL = "email", _("email")


class AuditEvent(WorkspaceOwned):
    """Who changed what, when, and through which interface. Never edited, never deleted."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    interface = models.CharField(max_length=10, choices=Interface.choices)
    verb = models.CharField(max_length=60)
    object_type = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    data = models.JSONField(default=dict, blank=True)
    # Set by audit_record; a backdated change (an import, the demo) keeps its own moment.
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "object_type", "object_id", "id"])]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.verb} {self.object_type}#{self.object_id}"
