"""Checkout speed: placing an order of 10 lines from 5 shops (one shipment each), on the database given.

    make bench-checkout                      # PostgreSQL at BENCH_CHECKOUT_DATABASE_URL (see the Makefile)
    DATABASE_URL=postgres://… python -m benchmarks.checkout --rounds 50

Adds its own shops, offers and customer (names carry a run id) to a migrated database and leaves them;
give it a database of its own. Each round fills the cart through the cart service (not timed), then times
`place_order` — the whole transaction: locks, checks, order, shipments, lines, stock, history, e-mails
queued after commit (Celery runs eagerly here unless REDIS_URL is set, so the e-mail rendering is timed too
when it is not set; the figures say which).
"""

import argparse
import os
import statistics
import time
import uuid
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from shop.models import Category, Contact, Offer, Product, Shop  # noqa: E402
from shop.services.cart import add_to_cart  # noqa: E402
from shop.services.checkout import place_order  # noqa: E402

SHOPS, LINES_PER_SHOP = 5, 2


def make_catalogue(run: str) -> tuple[User, Contact, list[Offer]]:
    category = Category.objects.create(name=f"Bench {run}")
    offers = []
    for shop_number in range(SHOPS):
        owner = User.objects.create_user(email=f"shop{shop_number}-{run}@bench.example", password=None)
        shop = Shop.objects.create(
            name=f"Bench shop {shop_number} {run}", slug=f"bench-{shop_number}-{run}", owner=owner
        )
        for line in range(LINES_PER_SHOP):
            product = Product.objects.create(name=f"Phone {shop_number}.{line} {run}", category=category)
            offers.append(
                Offer.objects.create(
                    shop=shop,
                    product=product,
                    name=f"Phone {shop_number}.{line} 128GB Black",
                    external_id=f"{run}-{shop_number}-{line}",
                    price=Decimal("999.90"),
                    price_rrc=Decimal("1099.00"),
                    quantity=1_000_000,
                )
            )
    customer = User.objects.create_user(email=f"customer-{run}@bench.example", password=None)
    contact = Contact.objects.create(
        user=customer,
        first_name="Bench",
        last_name="Customer",
        email=customer.email,
        phone="+79001234567",
        city="Moscow",
        street="Tverskaya",
        house="1",
    )
    return customer, contact, offers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    run = uuid.uuid4().hex[:8]
    customer, contact, offers = make_catalogue(run)
    seconds, statements = [], []
    for _ in range(args.rounds):
        for offer in offers:
            add_to_cart(user=customer, offer_id=offer.pk, quantity=1)
        shown = sum((offer.price for offer in offers), Decimal())
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            placed = place_order(user=customer, contact_id=contact.pk, expected_total=shown)
            seconds.append(time.perf_counter() - started)
        statements.append(len(queries))
        assert placed.created and placed.order.shipments.count() == SHOPS and placed.order.items.count() == len(offers)
    ms = sorted(second * 1000 for second in seconds)
    version = f" (server version {connection.pg_version})" if connection.vendor == "postgresql" else ""
    print(f"database: {connection.vendor}{version}")
    queued = "queued on the broker" if settings.REDIS_URL else "rendered and sent eagerly, inside the timing"
    print(f"e-mails: {queued}")
    print(f"orders of {len(offers)} lines from {SHOPS} shops, {args.rounds} rounds")
    print(
        f"place_order: median {statistics.median(ms):.1f} ms, p95 {ms[int(len(ms) * 0.95) - 1]:.1f} ms, "
        f"min {ms[0]:.1f} ms, max {ms[-1]:.1f} ms; SQL statements per order: {statistics.median(statements):.0f}"
    )


if __name__ == "__main__":
    main()
