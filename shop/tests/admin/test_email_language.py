"""A shipment moved in the admin e-mails the customer wholly in the customer's language — status names,
money, dates — whatever the admin language of the staff member who moved it."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from wagtail.users.models import UserProfile

from shop.models import Order
from shop.tests.factories import OfferFactory, OrderFactory, OrderItemFactory

pytestmark = pytest.mark.django_db
ORDERS = "/admin/snippets/shop/order/"

RUSSIAN = {
    "customer": "ru",
    "admin": "en",
    "says": ["Здравствуйте", "Подтверждён", "1\xa0234,50\xa0₽", "2\xa0469,00\xa0₽", "5 марта 2026 г.", "Доставка:"],
    "never": ["Confirmed", "Hello", "Delivery to", "Ordered on", "Thank you", "March", "1,234.50"],
}
ENGLISH = {
    "customer": "en",
    "admin": "ru",
    "says": ["Hello", "Confirmed", "1,234.50\xa0₽", "2,469.00\xa0₽", "March 5, 2026", "Delivery to:"],
    "never": ["Подтверждён", "Здравствуйте", "Доставка", "Дата заказа", "марта", "1\xa0234,50"],
}


@pytest.mark.parametrize("case", [RUSSIAN, ENGLISH], ids=["russian customer", "english customer"])
def test_the_customer_reads_the_move_in_their_own_language(staff_client, django_capture_on_commit_callbacks, case):
    order = OrderFactory(user__language=case["customer"])
    Order.objects.filter(pk=order.pk).update(created_at=datetime(2026, 3, 5, 12, tzinfo=UTC))
    OrderItemFactory(order=order, offer=OfferFactory(quantity=5, price="1234.50"), quantity=2)
    client = staff_client("Order managers")
    profile = UserProfile.get_for_user(client.user)
    profile.preferred_language = case["admin"]
    profile.save()
    shipment = order.shipments.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{ORDERS}shipment/{shipment.pk}/move/", {"to_status": "confirmed"}, HTTP_ACCEPT_LANGUAGE=case["admin"]
        )

    assert response.status_code == 302
    [message] = mail.outbox
    html = message.alternatives[0][0]
    for text in (message.subject, message.body, html):
        assert not [foreign for foreign in case["never"] if foreign in text]
    for text in (message.body, html):
        assert [expected for expected in case["says"] if expected not in text] == []
    assert case["says"][1] in message.subject
