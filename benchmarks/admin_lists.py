"""Back-office list speed with 100,000 offers: query count and median time of the offer list and dashboard.

Run against a throw-away database (it adds 100,000 offers if there are none):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/os_admin_bench .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/os_admin_bench .venv/bin/python benchmarks/admin_lists.py
"""

import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from shop.models import Category, Offer, Product, Shop  # noqa: E402

OFFERS, PRODUCTS, SHOPS, CATEGORIES = 100_000, 20_000, 10, 50


def make_catalogue() -> None:
    shops = [Shop.objects.create(name=f"Bench shop {i}", slug=f"bench-shop-{i}") for i in range(SHOPS)]
    categories = [Category.objects.create(name=f"Bench category {i}") for i in range(CATEGORIES)]
    products = Product.objects.bulk_create(
        [Product(name=f"Bench product {i}", category=categories[i % CATEGORIES]) for i in range(PRODUCTS)]
    )
    Offer.objects.bulk_create(
        [
            Offer(
                shop=shops[i % SHOPS],
                product=products[i % PRODUCTS],
                name=f"Bench offer {i}",
                external_id=str(i),
                price=Decimal(100 + i % 900),
                price_rrc=Decimal(500),
                quantity=i % 40,
            )
            for i in range(OFFERS)
        ],
        batch_size=5000,
    )


def measure(client: Client, url: str, params: dict) -> tuple[int, float]:
    client.get(url, params)
    timings, queries = [], 0
    for _ in range(5):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url, params)
            timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return queries, statistics.median(timings) * 1000


def main() -> None:
    if not Offer.objects.exists():
        make_catalogue()
    user = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        email="bench@example.com", password=None
    )
    client = Client()
    client.force_login(user)
    print(f"offers: {Offer.objects.count()}")
    first_shop = Shop.objects.order_by("pk").first().pk
    cases = [
        ("offers, first page", "/admin/snippets/shop/offer/", {}),
        ("offers, sorted by price desc", "/admin/snippets/shop/offer/", {"ordering": "-price"}),
        ("offers, search", "/admin/snippets/shop/offer/", {"q": "offer 9999"}),
        ("offers, in stock of one shop", "/admin/snippets/shop/offer/", {"in_stock": "true", "shop": first_shop}),
        ("offers, page 2000", "/admin/snippets/shop/offer/", {"p": 2000}),
        ("dashboard", "/admin/", {}),
        ("low-stock report", "/admin/shop-reports/low-stock/", {}),
        ("above-RRC report", "/admin/shop-reports/above-rrc/", {}),
    ]
    for label, url, params in cases:
        queries, median_ms = measure(client, url, params)
        print(f"{label:32s} queries={queries:3d} median={median_ms:6.0f} ms")


if __name__ == "__main__":
    main()
