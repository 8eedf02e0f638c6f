"""The e-mail templates staff edit: created and previewed in the admin, syntax errors refused, used by the e-mails."""

import pytest
from django.core import mail

from core.models import StoreSettings
from notifications.models import EmailTemplate
from notifications.rendering import notification_keys, render_notification
from notifications.services import queue_notification

pytestmark = pytest.mark.django_db

SNIPPETS_URL = "/admin/snippets/notifications/emailtemplate/"
CONTEXT = {"order_id": 7, "customer_name": "Anna", "from_status": "New", "to_status": "Confirmed"}


def test_every_notification_with_file_templates_can_be_edited():
    assert "order_status_changed" in notification_keys()


def test_an_edited_template_replaces_the_file_template():
    file_version = render_notification("order_status_changed", CONTEXT)
    assert "#7" in file_version.subject
    EmailTemplate.objects.create(
        key="order_status_changed",
        subject="Your order {{ order_id }}:\n {{ to_status }}",
        text_body="Hi {{ customer_name }}, now {{ to_status }}.",
    )
    edited = render_notification("order_status_changed", CONTEXT)
    assert (edited.subject, edited.text, edited.html) == ("Your order 7: Confirmed", "Hi Anna, now Confirmed.", None)


def test_the_e_mail_task_sends_the_edited_template(django_capture_on_commit_callbacks):
    EmailTemplate.objects.create(
        key="order_status_changed", subject="S {{ order_id }}", text_body="T", html_body="<p>{{ customer_name }}</p>"
    )
    with django_capture_on_commit_callbacks(execute=True):
        queue_notification(key="order_status_changed", to=["a@example.com"], context=CONTEXT)
    [message] = mail.outbox
    assert message.subject == "S 7" and message.alternatives[0][0] == "<p>Anna</p>"


def test_e_mail_templates_are_created_in_the_admin_and_syntax_errors_refused(admin_client):
    url = f"{SNIPPETS_URL}add/"
    bad = {"key": "order_status_changed", "subject": "{% if %}", "text_body": "x", "html_body": ""}
    response = admin_client.post(url, bad)
    assert response.status_code == 200 and "subject" in response.context["form"].errors
    assert not EmailTemplate.objects.exists()
    response = admin_client.post(url, {**bad, "subject": "Order {{ order_id }}"})
    assert response.status_code == 302
    assert EmailTemplate.objects.get().subject == "Order {{ order_id }}"
    unknown = {**bad, "key": "no_such_mail", "subject": "x"}
    assert "key" in admin_client.post(url, unknown).context["form"].errors


def test_e_mail_template_preview_renders_sample_values(admin_client):
    template = EmailTemplate.objects.create(
        key="order_status_changed",
        subject="Order {{ order_id }}",
        text_body="Hello {{ customer_name }} {{ unknown_thing }}",
        html_body="<p>Now {{ to_status }}</p>",
    )
    url = f"{SNIPPETS_URL}preview/{template.pk}/"
    data = {field: getattr(template, field) for field in ("key", "subject", "text_body", "html_body")}
    assert admin_client.post(url, data).json()["is_valid"] is True
    html = admin_client.get(url).content.decode()
    assert "Order 1042" in html and "Hello Anna Ivanova [unknown_thing]" in html and "<p>Now Confirmed</p>" in html


def test_e_mails_are_sent_from_the_sender_address_of_the_store_settings(django_capture_on_commit_callbacks):
    StoreSettings.objects.update_or_create(defaults={"sender_address": "Shop <shop@example.com>"})
    with django_capture_on_commit_callbacks(execute=True):
        queue_notification(key="order_status_changed", to=["c@example.com"], context=CONTEXT)
    assert mail.outbox[0].from_email == "Shop <shop@example.com>"
