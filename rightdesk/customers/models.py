"""Customers, the organisations they belong to, how to reach them, what they prefer."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rightdesk.core.models import LANGUAGE_CHOICES, Tag, WorkspaceOwned


class Channel(models.TextChoices):
    EMAIL = "email", _("email")
    PORTAL = "portal", _("portal")
    PHONE = "phone", _("phone")
    API = "api", _("API")
    CHAT = "chat", _("chat")


class Organisation(WorkspaceOwned):
    """A company or department whose people are customers."""

    name = models.CharField(_("name"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="org_name_once")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Customer(WorkspaceOwned):
    """A person the business serves. Contact points say how to reach them."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    organisations = models.ManyToManyField(Organisation, related_name="customers", blank=True)
    notes = models.TextField(_("notes"), blank=True)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, blank=True)
    preferred_channel = models.CharField(
        _("preferred channel"), max_length=10, choices=Channel.choices, blank=True
    )
    timezone = models.CharField(_("time zone"), max_length=64, blank=True)
    tags = models.ManyToManyField(Tag, related_name="+", blank=True)
    custom_fields = models.JSONField(default=dict, blank=True)
    # Set when this customer was merged into another; the row stays for the audit trail.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "name"])]

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"


class ContactPoint(WorkspaceOwned):
    """An email address or phone number; unique within a workspace."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("email")
        PHONE = "phone", _("phone")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=254)
    is_primary = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "kind", "value"], name="contact_once")
        ]
        ordering = ["-is_primary", "id"]

    def __str__(self) -> str:
        return self.value


class CustomField(WorkspaceOwned):
    """A typed field the workspace adds to its customers."""

    class Kind(models.TextChoices):
        TEXT = "text", _("text")
        NUMBER = "number", _("number")
        DATE = "date", _("date")
        CHOICE = "choice", _("choice")

    key = models.SlugField(max_length=60)
    label = models.CharField(_("label"), max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "key"], name="field_key_once")]
        ordering = ["key"]

    def __str__(self) -> str:
        return self.label
