"""Signing in and asking for a new password, with limits per address."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from rightdesk.accounts.models import Attempt
from rightdesk.accounts.throttle import attempt_record, attempts_exhausted, attempts_forget


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
                attempt_record(Attempt.Kind.LOGIN, email)
            raise
        attempts_forget(Attempt.Kind.LOGIN, email)
        return cleaned


class LimitedPasswordResetForm(PasswordResetForm):
    """Django's reset form; an address gets a few emails per quarter of an hour, then none.

    The page says the same either way, so it tells a stranger nothing.
    """

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
    form_class = LimitedAuthenticationForm
    template_name = "web/login.html"

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error("__all__", "throttled"):
            response.status_code = 429
        return response
