"""Signing in and asking for a new password, with limits per address."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from rightdesk.accounts.models import Attempt, User
from rightdesk.accounts.throttle import attempt_record, attempts_exhausted, attempts_forget
from rightdesk.core.writers import writers_wait


class LimitedAuthenticationForm(AuthenticationForm):
    """Django's sign-in form; after too many failures an address is refused for a while."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _(
            "Too many failed sign-ins for this address. Wait a quarter of an hour and try again."
        ),
    }

    def clean(self) -> dict[str, Any]:
        email = str(self.cleaned_data.get("username") or "")
        if email and attempts_exhausted(Attempt.Kind.LOGIN, email):
            # Refused before the password is even looked at: guessing gains nothing.
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            if email:
                # Counted before the answer, or the answer is "busy" (see LoginView).
                attempt_record(Attempt.Kind.LOGIN, email)
            raise
        return cleaned


class LimitedPasswordResetForm(PasswordResetForm):
    """Django's reset form; an address gets a few emails per quarter of an hour, then none.

    The page says the same either way, so it tells a stranger nothing. Unlike
    Django's form it also reaches active people who have never had a password
    (a new workspace's owner, an invited person who lost the invitation): for
    them the link sets a first password.
    """

    def get_users(self, email: str) -> Iterator[Any]:
        wanted = unicodedata.normalize("NFKC", email).casefold()
        people = User.objects.filter(email__iexact=email, is_active=True)
        return (
            person
            for person in people
            if unicodedata.normalize("NFKC", person.email).casefold() == wanted
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        email = self.cleaned_data["email"]
        # Counted for the address typed and for each person it reaches: PostgreSQL
        # finds `teſs@…` equal to `tess@…`, and that must not open a second count.
        addresses = (email, *(user.email for user in self.get_users(email)))
        if attempts_exhausted(Attempt.Kind.RESET, *addresses):
            return
        attempt_record(Attempt.Kind.RESET, *addresses)
        super().save(*args, **kwargs)


class LoginView(auth_views.LoginView):
    """Sign-in answers at once, also while a long change holds the embedded database.

    The password is checked without the writer. What must then be written (a
    failure, so that the limit holds; or the new session) waits a moment at most
    for the writer; if it stays taken, the page says the desk is busy (503) and
    nothing is saved, whether the password was right or not.
    """

    form_class = LimitedAuthenticationForm
    template_name = "web/login.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with writers_wait(settings.SIGN_IN_WRITER_WAIT):
            return super().post(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        # The session, the last sign-in time and the cleared count in one transaction.
        with transaction.atomic():
            attempts_forget(Attempt.Kind.LOGIN, str(form.cleaned_data.get("username") or ""))
            return super().form_valid(form)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error("__all__", "throttled"):
            response.status_code = 429
        return response


class LogoutView(auth_views.LogoutView):
    """Signing out waits as briefly as signing in for the embedded database's writer."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with writers_wait(settings.SIGN_IN_WRITER_WAIT), transaction.atomic():
            return super().post(request, *args, **kwargs)
