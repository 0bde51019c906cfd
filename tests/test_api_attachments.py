"""Attachments sent through the API: stored by generated key, served as safe downloads."""

import base64
import hashlib
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from rightdesk.conversations.models import Attachment
from tests.conftest import ApiClient
from tests.factories import make_conversation

pytestmark = pytest.mark.django_db


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_reply_with_attachments_then_download(api: ApiClient, workspace) -> None:
    # given
    conv = make_conversation(workspace)
    pdf = b"%PDF-1.4 pretend invoice"
    # when
    r = api.post(
        f"conversations/{conv.pk}/messages",
        {
            "body": "Your invoice is attached.",
            "attachments": [
                {
                    "filename": "Счёт №5.pdf",
                    "content_type": "application/pdf",
                    "data_base64": _b64(pdf),
                },
                {"filename": "empty.txt", "data_base64": ""},
            ],
        },
    )
    # then
    assert r.status_code == 201, r.content
    files = r.json()["attachments"]
    assert [(f["filename"], f["size"], f["content_type"]) for f in files] == [
        ("Счёт №5.pdf", len(pdf), "application/pdf"),
        ("empty.txt", 0, "application/octet-stream"),
    ]
    download = api.get(f"attachments/{files[0]['id']}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf
    assert download["Content-Type"] == "application/octet-stream"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    listed = api.get(f"conversations/{conv.pk}/messages").json()["items"]
    assert listed[-1]["attachments"] == files


def test_file_is_stored_under_a_generated_key_not_the_senders_name(
    api: ApiClient, workspace
) -> None:
    # given
    conv = make_conversation(workspace)
    # when
    r = api.post(
        f"conversations/{conv.pk}/messages",
        {
            "body": "x",
            "attachments": [{"filename": "../../../etc/passwd", "data_base64": _b64(b"root")}],
        },
    )
    # then
    stored = Attachment.objects.get(pk=r.json()["attachments"][0]["id"])
    assert stored.filename == "passwd"
    assert stored.storage_key.isalnum() and "passwd" not in stored.storage_key
    path = Path(django_settings.ATTACHMENTS_DIR) / stored.storage_key[:2] / stored.storage_key
    assert path.read_bytes() == b"root"
    assert stored.sha256 == hashlib.sha256(b"root").hexdigest()


def test_declared_html_is_still_served_as_an_inert_download(api: ApiClient, workspace) -> None:
    # given: a file that claims to be HTML, with a name that tries header injection
    conv = make_conversation(workspace)
    payload = b"<script>alert(1)</script>"
    r = api.post(
        f"conversations/{conv.pk}/messages",
        {
            "body": "x",
            "attachments": [
                {
                    "filename": 'evil"\r\nSet-Cookie: a=b\u202e.html',
                    "content_type": "text/html; charset=utf-8",
                    "data_base64": _b64(payload),
                }
            ],
        },
    )
    assert r.status_code == 201, r.content
    attachment = r.json()["attachments"][0]
    # when
    download = api.get(f"attachments/{attachment['id']}")
    # then
    assert download.status_code == 200
    assert download["Content-Type"] == "application/octet-stream"
    assert download["X-Content-Type-Options"] == "nosniff"
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "\r" not in disposition and "\n" not in disposition
    assert "Set-Cookie" not in download.headers or "a=b" not in download["Set-Cookie"]
    assert attachment["filename"] == "evil Set-Cookie: a=b.html"


def test_attachment_over_the_limit_is_413_and_nothing_is_written(
    api: ApiClient, workspace, settings
) -> None:
    # given
    settings.MAX_ATTACHMENT_BYTES = 10
    conv = make_conversation(workspace)
    # when
    r = api.post(
        f"conversations/{conv.pk}/messages",
        {"body": "x", "attachments": [{"filename": "big.bin", "data_base64": _b64(b"0" * 11)}]},
    )
    # then
    assert r.status_code == 413
    assert r.json()["code"] == "attachment_too_large"
    assert len(api.get(f"conversations/{conv.pk}/messages").json()["items"]) == 1


@pytest.mark.parametrize("data", ["not base64!", "QUJ", "Zm9v\nYmFy", "Петр"])
def test_invalid_base64_is_422(api: ApiClient, workspace, data: str) -> None:
    conv = make_conversation(workspace)
    r = api.post(
        f"conversations/{conv.pk}/messages",
        {"body": "x", "attachments": [{"filename": "a.bin", "data_base64": data}]},
    )
    assert r.status_code == 422
    assert r.json()["code"] == "invalid_base64"


def test_attachment_with_unknown_field_is_422(api: ApiClient, workspace) -> None:
    conv = make_conversation(workspace)
    r = api.post(
        f"conversations/{conv.pk}/messages",
        {"body": "x", "attachments": [{"filename": "a", "data_base64": "", "path": "/etc"}]},
    )
    assert r.status_code == 422
    assert r.json()["code"] == "validation_error"


def test_missing_file_on_disk_is_404(api: ApiClient, workspace) -> None:
    # given
    conv = make_conversation(workspace)
    r = api.post(
        f"conversations/{conv.pk}/messages",
        {"body": "x", "attachments": [{"filename": "a.txt", "data_base64": _b64(b"a")}]},
    )
    stored = Attachment.objects.get(pk=r.json()["attachments"][0]["id"])
    (Path(django_settings.ATTACHMENTS_DIR) / stored.storage_key[:2] / stored.storage_key).unlink()
    # when
    download = api.get(f"attachments/{stored.pk}")
    # then
    assert download.status_code == 404
    assert download.json()["code"] == "not_found"


def test_largest_allowed_attachment_fits_the_default_request_limit(
    api: ApiClient, workspace
) -> None:
    # given: the default limits, and a file of exactly the largest allowed size
    conv = make_conversation(workspace)
    data = bytes(range(256)) * (django_settings.MAX_ATTACHMENT_BYTES // 256)
    assert len(data) == django_settings.MAX_ATTACHMENT_BYTES
    # when
    r = api.post(
        f"conversations/{conv.pk}/messages",
        {
            "body": "The scans.",
            "attachments": [{"filename": "scan.bin", "data_base64": _b64(data)}],
        },
    )
    # then
    assert r.status_code == 201, r.content[:300]
    stored = Attachment.objects.get(message_id=r.json()["id"])
    assert (stored.size, stored.sha256) == (len(data), hashlib.sha256(data).hexdigest())
