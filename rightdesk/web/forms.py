"""Forms of the agent pages: they only parse and check input, then a view calls a flow."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from rightdesk.accounts.models import Team, User
from rightdesk.conversations.messages import MAX_BODY_CHARS
from rightdesk.conversations.states import Priority, Status
from rightdesk.core.cursor import BadCursor, cursor_decode
from rightdesk.core.models import LANGUAGE_CHOICES, Tag
from rightdesk.customers.models import Channel

MAX_TAGS = 50


def _person_label(user: User) -> str:
    return f"{user.name} <{user.email}>" if user.name else user.email


def _set_choices(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _tag_list(raw: str) -> list[str]:
    names = list(dict.fromkeys(t.strip() for t in raw.split(",") if t.strip()))
    if len(names) > MAX_TAGS:
        raise forms.ValidationError(
            _("At most %(count)d tags, please."), params={"count": MAX_TAGS}
        )
    if any(len(n) > 60 for n in names):
        raise forms.ValidationError(_("A tag is at most 60 characters long."))
    return names


class InboxFilterForm(forms.Form):
    """The inbox filters, read from the query string."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices]
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    after = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)

    def __init__(
        self, data: Any, *, members: list[User], teams: list[Team], tags: list[Tag]
    ) -> None:
        super().__init__(data)
        _set_choices(
            self,
            "assignee",
            [
                ("", _("Anyone")),
                ("me", _("Mine")),
                ("none", _("Unassigned")),
                *[(str(u.pk), _person_label(u)) for u in members],
            ],
        )
        _set_choices(self, "team", [("", _("Any team")), *[(str(t.pk), t.name) for t in teams]])
        _set_choices(self, "tag", [("", _("Any tag")), *[(t.name, t.name) for t in tags]])
        # The filter bar shows no visible labels; screen readers still need them.
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", field.label)

    def clean_after(self) -> tuple[datetime, int] | None:
        raw = self.cleaned_data["after"]
        if not raw:
            return None
        try:
            moment, pk = cursor_decode(raw, (datetime, int))
        except BadCursor as exc:
            raise forms.ValidationError(_("This page link is not valid.")) from exc
        return moment, pk

    def filters(self) -> dict[str, Any]:
        """The cleaned filters as the inbox query takes them."""
        data = self.cleaned_data
        return {
            "q": data["q"] or None,
            "status": data["status"] or None,
            "assignee": data["assignee"] or None,
            "team": int(data["team"]) if data["team"] else None,
            "tag": data["tag"] or None,
        }


class MessageForm(forms.Form):
    """A reply to the customer or an internal note, with an optional file."""

    direction = forms.ChoiceField(
        choices=[("out", _("Reply")), ("note", _("Internal note"))], widget=forms.HiddenInput
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        strip=True,
    )
    attachment = forms.FileField(label=_("Attach a file"), required=False, max_length=200)

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload is not None and upload.size > settings.MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload


class ConversationChangeForm(forms.Form):
    """Status, priority, assignee, team and tags.

    Each field carries the value the person saw (a hidden "initial-" input), and
    only the fields they changed are sent to the flow: a stale page never undoes
    a colleague's change to another field.
    """

    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, show_hidden_initial=True)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, show_hidden_initial=True
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False, show_hidden_initial=True)
    team = forms.ChoiceField(label=_("Team"), required=False, show_hidden_initial=True)
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=4000,
        help_text=_("Separate tags with commas."),
        show_hidden_initial=True,
    )

    def __init__(self, *args: Any, members: list[User], teams: list[Team], **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_choices(
            self,
            "assignee",
            [
                ("", _("Nobody")),
                *[(str(u.pk), _person_label(u)) for u in members],
            ],
        )
        _set_choices(self, "team", [("", _("No team")), *[(str(t.pk), t.name) for t in teams]])

    def clean_tags(self) -> list[str]:
        return _tag_list(self.cleaned_data["tags"])

    def changes(self) -> dict[str, Any]:
        """Keyword arguments for conversation_update, for the fields the person changed."""
        data, changed = self.cleaned_data, set(self.changed_data)
        kwargs: dict[str, Any] = {}
        if "status" in changed:
            kwargs["status"] = data["status"]
        if "priority" in changed:
            kwargs["priority"] = data["priority"]
        if "assignee" in changed:
            kwargs["assignee"] = int(data["assignee"]) if data["assignee"] else None
        if "team" in changed:
            kwargs["team"] = int(data["team"]) if data["team"] else None
        if "tags" in changed:
            kwargs["tags"] = data["tags"]
        return kwargs


class FollowForm(forms.Form):
    follow = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1", widget=forms.HiddenInput
    )


class CustomerSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    after = forms.CharField(required=False, max_length=600, widget=forms.HiddenInput)

    def clean_after(self) -> tuple[str, int] | None:
        raw = self.cleaned_data["after"]
        if not raw:
            return None
        try:
            name, pk = cursor_decode(raw, (str, int))
        except BadCursor as exc:
            raise forms.ValidationError(_("This page link is not valid.")) from exc
        return name, pk


class CustomerEditForm(forms.Form):
    """The details of a customer a desk person may change by hand.

    Like the conversation form, only the fields the person changed are saved.
    """

    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", "—"), *LANGUAGE_CHOICES]
    )
    preferred_channel = forms.ChoiceField(
        label=_("Preferred channel"), required=False, choices=[("", "—"), *Channel.choices]
    )
    timezone = forms.CharField(label=_("Time zone"), required=False, max_length=64)
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=4000, help_text=_("Separate tags with commas.")
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        for field in self.fields.values():
            field.show_hidden_initial = True

    def changes(self) -> dict[str, Any]:
        """Keyword arguments for customer_update, for the fields the person changed."""
        return {name: self.cleaned_data[name] for name in self.changed_data}

    def clean_timezone(self) -> str:
        value = str(self.cleaned_data["timezone"]).strip()
        if value and value not in zoneinfo.available_timezones():
            raise forms.ValidationError(_("Unknown time zone."))
        return value

    def clean_tags(self) -> list[str]:
        return _tag_list(self.cleaned_data["tags"])


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Interface language"),
        required=False,
        choices=[("", _("The workspace's language")), *LANGUAGE_CHOICES],
    )
