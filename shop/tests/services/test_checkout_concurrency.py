"""Checkout under real concurrency: PostgreSQL, one connection per thread, all at once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.db.models import Sum

from accounts.tests.factories import UserFactory
from shop.models import ListingCount, Offer, Order
from shop.services.cart import add_to_cart
from shop.tests.factories import CategoryFactory, ContactFactory, OfferFactory, ProductFactory
from shop.tests.listing import stale_listings

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def checkout_all_at_once(customers: list, api_client_for) -> list:
    """Each customer POSTs confirm-order from its own thread (own DB connection), released together."""
    clients = [(api_client_for(user), ContactFactory(user=user).pk) for user in customers]
    barrier = threading.Barrier(len(clients))

    def place(client_and_contact):
        client, contact_id = client_and_contact
        try:
            barrier.wait()
            return client.post("/api/v1/confirm-order/", {"contact_id": contact_id})
        finally:
            connections.close_all()  # this thread's connection

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(place, clients))


def test_thirty_customers_racing_for_ten_units_get_exactly_ten(settings, api_client_for):
    offer = OfferFactory(quantity=10)
    customers = UserFactory.create_batch(30)
    for user in customers:
        add_to_cart(user=user, offer_id=offer.pk, quantity=1)

    responses = checkout_all_at_once(customers, api_client_for)

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [201] * 10 + [409] * 20, [
        response.content for response in responses if response.status_code >= 500
    ]
    assert Order.objects.count() == 10
    assert Offer.objects.get(pk=offer.pk).quantity == 0
    for response in responses:
        if response.status_code == 409:
            [short] = response.json()["items"]
            assert short["product_info_id"] == offer.pk and short["requested"] == 1 and short["available"] == 0


def test_carts_with_shared_offers_in_opposite_order_do_not_deadlock(api_client_for):
    first, second = OfferFactory(quantity=100), OfferFactory(quantity=100)
    alice, bob = UserFactory(), UserFactory()

    def fill_carts():
        for offer in (first, second):
            add_to_cart(user=alice, offer_id=offer.pk, quantity=1)
        for offer in (second, first):
            add_to_cart(user=bob, offer_id=offer.pk, quantity=1)

    for _ in range(5):  # several rounds give a deadlock its chances
        fill_carts()
        responses = checkout_all_at_once([alice, bob], api_client_for)
        assert [response.status_code for response in responses] == [201, 201], [r.content for r in responses]
    assert Offer.objects.get(pk=first.pk).quantity == 90 and Offer.objects.get(pk=second.pk).quantity == 90


def test_one_idempotency_key_sent_twice_at_once_makes_one_order(api_client_for):
    offer = OfferFactory(quantity=5)
    user = UserFactory()
    add_to_cart(user=user, offer_id=offer.pk, quantity=2)
    contact_id = ContactFactory(user=user).pk
    barrier = threading.Barrier(2)

    def place(_):
        try:
            barrier.wait()
            return api_client_for(user).post(
                "/api/v1/confirm-order/", {"contact_id": contact_id}, HTTP_IDEMPOTENCY_KEY="same"
            )
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        responses = list(pool.map(place, range(2)))

    assert sorted(response.status_code for response in responses) == [200, 201]
    assert len({response.json()["id"] for response in responses}) == 1
    assert Order.objects.count() == 1 and Offer.objects.get(pk=offer.pk).quantity == 3
    assert connection.vendor == "postgresql"


def test_concurrent_checkouts_keep_summaries_and_counters_exact(api_client_for):
    """Last units of products in several categories sold at once, carts in opposite orders: the listing
    summaries and the per-category counters (triggers) end exact, and nobody deadlocks."""
    categories = CategoryFactory.create_batch(3)
    offers = [OfferFactory(product=ProductFactory(category=categories[number % 3]), quantity=1) for number in range(6)]
    customers = UserFactory.create_batch(6)
    for number, user in enumerate(customers):
        pair = [offers[number], offers[(number + 3) % 6]]
        for offer in pair if number % 2 else reversed(pair):
            add_to_cart(user=user, offer_id=offer.pk, quantity=1)

    responses = checkout_all_at_once(customers, api_client_for)

    assert {response.status_code for response in responses} <= {201, 409}, [r.content for r in responses]
    assert stale_listings() == []
    sold = Offer.objects.filter(pk__in=[offer.pk for offer in offers], quantity=0).count()
    assert ListingCount.objects.aggregate(total=Sum("available"))["total"] == 6 - sold
