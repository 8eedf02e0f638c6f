"""No back-office role reads a live link in the outgoing e-mails: an Order manager who sees the outbox after a
password reset of the superuser (and after confirmation and e-mail-change links were queued) finds no usable
token in any outbox page or export, while the e-mails actually sent carry working links."""

import io
import re

import pytest
from django.core import mail
from openpyxl import load_workbook

from accounts.tests.factories import UserFactory
from notifications.delivery import relay_due_messages
from notifications.models import OutboxMessage
from shop.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

OUTBOX = "/admin/snippets/notifications/outboxmessage/"
# The secret part of every link our e-mails carry.
LINK_TOKENS = re.compile(
    r"/(?:reset-password|confirm-email|confirm-email-change|undo-email-change|api/v1/confirm-email|api/v1/confirm-contact)/"
    r"([^/\s\"<]+)"
)


def queue_every_kind_of_link(api_client, api_client_for, superuser) -> None:
    api_client.post("/api/v1/password-reset/", {"email": superuser.email}, format="json")
    registration = {
        "email": "new@example.com",
        "password": "Fresh-Copper-Kettle-7",
        "password_confirm": "Fresh-Copper-Kettle-7",
    }
    api_client.post("/api/v1/register/", registration, format="json")
    customer = UserFactory(email="customer@example.com")
    customer_api = api_client_for(customer)
    customer_api.post(
        "/api/v1/users/me/email/", {"email": "moved@example.com", "password": "correct-horse-battery"}, format="json"
    )
    contact = ContactFactory(user=customer)
    customer_api.post("/api/v1/send-contact-confirmation/", {"contact_id": contact.pk}, format="json")


def everything_an_order_manager_sees(client) -> str:
    pages = [client.get(OUTBOX), client.get(OUTBOX, {"export": "csv"})]
    pages += [client.get(f"{OUTBOX}inspect/{pk}/") for pk in OutboxMessage.objects.values_list("pk", flat=True)]
    ids = "&".join(f"id={pk}" for pk in OutboxMessage.objects.values_list("pk", flat=True))
    pages.append(client.get(f"/admin/bulk/notifications/outboxmessage/resend/?{ids}&next={OUTBOX}"))
    assert all(page.status_code == 200 for page in pages), [page.status_code for page in pages]
    text = "\n".join(b"".join(page.streaming_content if page.streaming else [page.content]).decode() for page in pages)
    workbook = load_workbook(io.BytesIO(b"".join(client.get(OUTBOX, {"export": "xlsx"}).streaming_content)))
    cells = (str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)
    return text + "\n".join(cells)


def test_an_order_manager_never_sees_a_usable_link_and_the_sent_e_mails_still_work(
    api_client, api_client_for, staff_client, django_capture_on_commit_callbacks
):
    superuser = UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    queue_every_kind_of_link(api_client, api_client_for, superuser)
    assert set(OutboxMessage.objects.values_list("key", flat=True)) == {
        "password_reset",
        "account_confirmation",
        "email_change",
        "contact_confirmation",
    }
    stored_rows = str(list(OutboxMessage.objects.values()))
    order_manager = staff_client("Order managers")
    seen_before_sending = everything_an_order_manager_sees(order_manager)

    assert relay_due_messages() == 4
    # Opening the e-mail change queues the old address's undo link, a live secret too.
    [change] = re.findall(r"/confirm-email-change/(\S+)", "".join(message.body for message in mail.outbox))
    assert api_client.post(f"/api/v1/users/me/email/confirm/{change}/").status_code == 200
    stored_rows += str(list(OutboxMessage.objects.values()))
    seen_before_sending += everything_an_order_manager_sees(order_manager)
    assert relay_due_messages() == 1
    tokens = {token for message in mail.outbox for token in LINK_TOKENS.findall(message.body)}
    assert len(tokens) >= 5 and any("/undo-email-change/" in message.body for message in mail.outbox)
    seen_after_sending = everything_an_order_manager_sees(order_manager)
    for token in tokens:
        assert token not in stored_rows
        assert token not in seen_before_sending
        assert token not in seen_after_sending
    assert token not in str(list(OutboxMessage.objects.values()))

    [reset_mail] = [message for message in mail.outbox if message.to == [superuser.email]]
    [reset_token] = re.findall(r"/reset-password/([\w-]+)", reset_mail.body)
    answer = api_client.post(
        "/api/v1/password-reset/confirm/", {"token": reset_token, "password": "Brand-New-Walrus-42"}, format="json"
    )
    assert answer.status_code == 200
    superuser.refresh_from_db()
    assert superuser.check_password("Brand-New-Walrus-42")
