"""Outgoing e-mails in the back office: listed with their delivery state, filtered by status, resent in bulk;
nobody adds, edits or deletes a message by hand."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/notifications/outboxmessage/"


@pytest.fixture
def failed(template_dir):
    return OutboxMessage.objects.create(
        key="greeting",
        recipients=["f@example.com"],
        context={"name": "F"},
        status=OutboxMessage.Status.FAILED,
        attempts=10,
        last_error="SMTPRecipientsRefused: mailbox full",
    )


@pytest.fixture
def sent():
    return OutboxMessage.objects.create(
        key="greeting", recipients=["s@example.com"], context={"name": "S"}, status=OutboxMessage.Status.SENT
    )


def test_the_list_shows_the_delivery_state_and_filters_by_status(admin_client, failed, sent):
    html = admin_client.get(LIST_URL).content.decode()
    assert "SMTPRecipientsRefused: mailbox full" in html and "s@example.com" in html
    filtered = admin_client.get(LIST_URL, {"status": "failed"}).content.decode()
    assert "f@example.com" in filtered and "s@example.com" not in filtered
    assert "/admin/bulk/notifications/outboxmessage/resend/" in filtered
    inspect = admin_client.get(f"{LIST_URL}inspect/{failed.pk}/").content.decode()
    assert str(failed.idempotency_key) in inspect


def test_resend_sends_the_failed_ones_and_leaves_sent_ones_alone(
    admin_client, failed, sent, django_capture_on_commit_callbacks
):
    url = f"/admin/bulk/notifications/outboxmessage/resend/?id={failed.pk}&id={sent.pk}&next={LIST_URL}"
    assert "f@example.com" in admin_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {}, follow=True)
    assert "1 e-mail queued to be sent again." in response.content.decode()
    assert [m.to for m in mail.outbox] == [["f@example.com"]]
    failed.refresh_from_db()
    assert failed.status == OutboxMessage.Status.SENT


def test_nobody_adds_edits_or_deletes_a_message(admin_client, failed):
    for url in (f"{LIST_URL}add/", f"{LIST_URL}edit/{failed.pk}/", f"{LIST_URL}delete/{failed.pk}/"):
        assert admin_client.get(url).status_code in (302, 403), url
    admin_client.post(f"{LIST_URL}delete/{failed.pk}/")
    assert OutboxMessage.objects.filter(pk=failed.pk).exists()


def test_without_the_change_permission_one_sees_but_cannot_resend(client, django_user_model, failed):
    viewer = django_user_model.objects.create_user(email="viewer@example.com", password="x", is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_outboxmessage")
    )
    client.force_login(viewer)
    assert client.get(LIST_URL).status_code == 200
    client.post(f"/admin/bulk/notifications/outboxmessage/resend/?id={failed.pk}&next={LIST_URL}", {})
    failed.refresh_from_db()
    assert failed.status == OutboxMessage.Status.FAILED and mail.outbox == []
