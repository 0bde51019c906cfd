from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from rightdesk.web.views import (
    account,
    conversation,
    customers,
    inbox,
    mailboxes,
    remote_image,
    signin,
    tokens,
)

app_name = "web"

_auth = [
    path("login/", signin.LoginView.as_view(), name="login"),
    path("logout/", signin.LogoutView.as_view(), name="logout"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=signin.LimitedPasswordResetForm,
            template_name="web/password_reset_form.html",
            email_template_name="web/email/password_reset.txt",
            subject_template_name="web/email/password_reset_subject.txt",
            success_url=reverse_lazy("web:password_reset_done"),
            # The link is built from the configured address, never from the
            # request's Host header, which a stranger controls.
            extra_email_context={"base_url": settings.BASE_URL.rstrip("/")},
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="web/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="web/password_reset_confirm.html",
            success_url=reverse_lazy("web:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="web/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="web/password_change.html", success_url=reverse_lazy("web:profile")
        ),
        name="password_change",
    ),
]

urlpatterns = [
    *_auth,
    path("", account.home, name="home"),
    path("profile/", account.profile, name="profile"),
    path("w/<slug:slug>/", inbox.inbox, name="inbox"),
    path("w/<slug:slug>/c/<int:pk>/", conversation.conversation, name="conversation"),
    path(
        "w/<slug:slug>/c/<int:pk>/messages/",
        conversation.conversation_message,
        name="conversation_message",
    ),
    path(
        "w/<slug:slug>/c/<int:pk>/change/",
        conversation.conversation_update_view,
        name="conversation_update",
    ),
    path(
        "w/<slug:slug>/c/<int:pk>/follow/",
        conversation.conversation_follow,
        name="conversation_follow",
    ),
    path(
        "w/<slug:slug>/c/<int:pk>/remote-image/",
        remote_image.remote_image,
        name="remote_image",
    ),
    path(
        "w/<slug:slug>/attachments/<int:pk>/",
        conversation.attachment_download,
        name="attachment",
    ),
    path("w/<slug:slug>/tokens/", tokens.tokens, name="tokens"),
    path("w/<slug:slug>/tokens/<int:pk>/revoke/", tokens.token_revoke_view, name="token_revoke"),
    path("w/<slug:slug>/settings/mailboxes/", mailboxes.mailboxes, name="mailboxes"),
    path(
        "w/<slug:slug>/settings/mailboxes/<int:pk>/",
        mailboxes.mailbox_update_view,
        name="mailbox_update",
    ),
    path(
        "w/<slug:slug>/settings/mailboxes/<int:pk>/delete/",
        mailboxes.mailbox_delete_view,
        name="mailbox_delete",
    ),
    path("w/<slug:slug>/customers/", customers.customer_list_view, name="customers"),
    path("w/<slug:slug>/customers/<int:pk>/", customers.customer_detail, name="customer"),
    path(
        "w/<slug:slug>/customers/<int:pk>/edit/",
        customers.customer_update_view,
        name="customer_update",
    ),
]
