"""The person's own pages: the workspace picker and their profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rightdesk.accounts.actions import user_set_language
from rightdesk.accounts.models import User
from rightdesk.accounts.queries import workspaces_of
from rightdesk.core.errors import DeskError
from rightdesk.web.forms import LanguageForm


@login_required
def home(request: HttpRequest) -> HttpResponse:
    workspaces = workspaces_of(request.user)  # type: ignore[arg-type]
    if len(workspaces) == 1:
        return redirect("web:inbox", slug=workspaces[0].slug)
    return render(request, "web/home.html", {"workspaces": workspaces})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    status = 200
    if request.method == "POST":
        form = LanguageForm(request.POST)
        if form.is_valid():
            try:
                user_set_language(user=user, language=form.cleaned_data["language"])
            except DeskError as exc:
                form.add_error(None, str(exc.message))
            else:
                if user.language:
                    translation.activate(user.language)
                messages.success(request, _("Your language is saved."))
                return redirect("web:profile")
        status = 400
    else:
        form = LanguageForm(initial={"language": user.language})
    context = {"form": form, "workspaces": workspaces_of(user)}
    return render(request, "web/profile.html", context, status=status)
