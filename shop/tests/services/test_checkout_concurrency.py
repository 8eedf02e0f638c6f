"""Checkout under real concurrency: PostgreSQL, one connection per thread, all at once."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction
from django.db.models import Sum

from accounts.tests.factories import UserFactory
from shop.models import ListingCount, Offer, Order
from shop.services.cart import add_to_cart
from shop.tests.factories import CategoryFactory, ContactFactory, OfferFactory, ProductFactory, cart_total
from shop.tests.listing import stale_listings

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def checkout_all_at_once(customers: list, api_client_for) -> list:
    """Each customer POSTs confirm-order from its own thread (own DB connection), released together."""
    clients = [(api_client_for(user), ContactFactory(user=user).pk, cart_total(user)) for user in customers]
    barrier = threading.Barrier(len(clients))

    def place(client_and_contact):
        client, contact_id, total = client_and_contact
        try:
            barrier.wait()
            return client.post("/api/v1/confirm-order/", {"contact_id": contact_id, "expected_total": total})
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
                "/api/v1/confirm-order/",
                {"contact_id": contact_id, "expected_total": offer.price * 2},
                HTTP_IDEMPOTENCY_KEY="same",
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


def wait_for_a_lock_wait() -> None:
    """Return once some session of this database waits for a row lock (polled, bounded)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.01)
    raise AssertionError("no session waited for a lock")


def test_a_price_change_racing_the_checkout_is_refused_not_charged(api_client_for):
    """The checkout waits for the offer row a price change holds, then compares the total at the new price."""
    offer = OfferFactory(quantity=5, price=Decimal("10"))
    user = UserFactory()
    add_to_cart(user=user, offer_id=offer.pk, quantity=1)
    contact_id = ContactFactory(user=user).pk
    locked, release = threading.Event(), threading.Event()

    def reprice():
        try:
            with transaction.atomic():
                Offer.objects.filter(pk=offer.pk).update(price=Decimal("20"))
                locked.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    def checkout():
        try:
            return api_client_for(user).post(
                "/api/v1/confirm-order/", {"contact_id": contact_id, "expected_total": "10.00"}
            )
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        repricing = pool.submit(reprice)
        assert locked.wait(timeout=30)
        answer = pool.submit(checkout)
        wait_for_a_lock_wait()
        release.set()
        repricing.result()
        response = answer.result()

    assert response.status_code == 409, response.content
    assert (response.json()["code"], response.json()["total"]) == ("total_changed", "20.00")
    assert not Order.objects.exists() and Offer.objects.get(pk=offer.pk).quantity == 5
