import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from shop.models import Contact, ContactConfirmation
from shop.tests.factories import ContactFactory, OrderFactory

pytestmark = pytest.mark.django_db

VALID = {
    "first_name": "Anna",
    "last_name": "Ivanova",
    "email": "anna@example.com",
    "phone": "+7 (900) 123-45-67",
    "city": "Moscow",
    "street": "Arbat",
    "house": "10",
    "apartment": "5",
}


def test_create_list_and_read_own_contacts(api, customer):
    created = api.post("/api/v1/contacts/", VALID)
    assert created.status_code == 201
    body = created.json()
    assert body["is_confirmed"] is False and body["structure"] == "" and body["phone"] == VALID["phone"]
    ContactFactory()  # someone else's
    listed = api.get("/api/v1/contacts/").json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    assert api.get(f"/api/v1/contacts/{body['id']}/").json()["city"] == "Moscow"
    assert Contact.objects.get(pk=body["id"]).user == customer


@pytest.mark.parametrize(
    "field, value", [("phone", "call me"), ("phone", "123"), ("email", "not-an-email"), ("city", "")]
)
def test_invalid_fields_are_400(api, field, value):
    response = api.post("/api/v1/contacts/", {**VALID, field: value})
    assert response.status_code == 400 and field in response.json()


def test_is_confirmed_cannot_be_set_by_the_client(api):
    body = api.post("/api/v1/contacts/", {**VALID, "is_confirmed": True}).json()
    assert body["is_confirmed"] is False


def test_at_most_ten_contacts(api, customer):
    ContactFactory.create_batch(10, user=customer)
    response = api.post("/api/v1/contacts/", VALID)
    assert response.status_code == 400 and "detail" in response.json()
    assert Contact.objects.filter(user=customer).count() == 10


def test_update_and_a_new_email_needs_confirming_again(api, customer):
    contact = ContactFactory(user=customer, is_confirmed=True)
    response = api.patch(f"/api/v1/contacts/{contact.pk}/", {"city": "Tula"})
    assert response.json()["city"] == "Tula" and response.json()["is_confirmed"] is True
    response = api.put(f"/api/v1/contacts/{contact.pk}/", {**VALID, "email": "new@example.com"})
    assert response.status_code == 200 and response.json()["is_confirmed"] is False
    assert api.patch(f"/api/v1/contacts/{contact.pk}/", {"phone": "x"}).status_code == 400


def test_delete_unless_an_order_uses_it(api, customer):
    free, used = ContactFactory(user=customer), ContactFactory(user=customer)
    OrderFactory(user=customer, contact=used)
    assert api.delete(f"/api/v1/contacts/{free.pk}/").status_code == 204
    response = api.delete(f"/api/v1/contacts/{used.pk}/")
    assert response.status_code == 409 and response.json()["detail"]
    assert Contact.objects.filter(pk=used.pk).exists()


def test_someone_elses_contact_is_404_everywhere(api, stranger_api, customer):
    contact = ContactFactory(user=customer)
    url = f"/api/v1/contacts/{contact.pk}/"
    assert stranger_api.get(url).status_code == 404
    assert stranger_api.put(url, VALID).status_code == 404
    assert stranger_api.patch(url, {"city": "X"}).status_code == 404
    assert stranger_api.delete(url).status_code == 404
    assert stranger_api.post("/api/v1/send-contact-confirmation/", {"contact_id": contact.pk}).status_code == 404
    assert Contact.objects.get(pk=contact.pk).city == "Moscow"


def test_confirmation_by_e_mailed_link(api, customer, api_client, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://shop.example"
    contact = ContactFactory(user=customer, email="deliver@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/send-contact-confirmation/", {"contact_id": contact.pk})
    assert response.status_code == 202
    [message] = mail.outbox
    assert message.to == ["deliver@example.com"] and message.alternatives
    link = re.search(r"https://shop\.example(/api/v1/confirm-contact/[0-9a-f-]+/)", message.body).group(1)
    assert api_client.get(link).status_code == 200
    assert Contact.objects.get(pk=contact.pk).is_confirmed
    assert api_client.get(link).status_code == 404  # spent
    again = api.post("/api/v1/send-contact-confirmation/", {"contact_id": contact.pk})
    assert again.status_code == 409


def test_unknown_and_expired_links(api_client, customer):
    assert api_client.get("/api/v1/confirm-contact/8a4b1c52-8f3e-4e7e-9a0f-3c1d2b3a4f5e/").status_code == 404
    confirmation = ContactConfirmation.objects.create(contact=ContactFactory(user=customer))
    ContactConfirmation.objects.filter(pk=confirmation.pk).update(created_at=timezone.now() - timedelta(hours=25))
    response = api_client.get(f"/api/v1/confirm-contact/{confirmation.token}/")
    assert response.status_code == 400 and response.json()["detail"]
    assert not Contact.objects.get(pk=confirmation.contact_id).is_confirmed


def test_contacts_need_a_login(api_client):
    assert api_client.get("/api/v1/contacts/").status_code == 401
    assert api_client.post("/api/v1/send-contact-confirmation/", {"contact_id": 1}).status_code == 401
