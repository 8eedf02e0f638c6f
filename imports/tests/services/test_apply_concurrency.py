"""Two shops' first imports of the same new goods at the same time: PostgreSQL, one connection per thread."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from imports.models import ImportSnapshotChunk, ImportStatus, SnapshotKind
from imports.services import bulk, run_import
from shop.models import Offer, Product
from shop.tests.factories import CategoryFactory, ParameterFactory, ShopFactory
from shop.tests.listing import stale_listings
from shop.tests.search_documents import stale_search_documents

from ..conftest import PRICELIST, upload

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_shops_creating_the_same_products_at_once_end_up_sharing_them(monkeypatch):
    # categories and parameter names exist: creating those too, the second import would wait for the first's
    # commit before it planned its products
    for name in ("Phones", "Cables"):
        CategoryFactory(name=name)
    for name in ("Colour", "Storage"):
        ParameterFactory(name=name)
    shops = [ShopFactory(name="Test shop"), ShopFactory(name="Other shop")]
    runs = [upload(shop, PRICELIST, confirm_withdrawals=True, confirm_shop_name=True) for shop in shops]
    both_planned = threading.Barrier(len(runs), timeout=60)
    create_planned_products = bulk.create_planned_products

    def create_when_both_have_planned(planned):
        # both imports have reserved ids for "Phone X" and "USB-C cable" and pointed their offers at them
        both_planned.wait()
        return create_planned_products(planned)

    monkeypatch.setattr(bulk, "create_planned_products", create_when_both_have_planned)

    def apply(run_id: int) -> str:
        try:
            return run_import(run_id=run_id).status
        finally:
            connections.close_all()  # this thread's connection

    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        statuses = list(pool.map(apply, [run.pk for run in runs]))

    assert statuses == [ImportStatus.APPLIED] * 2
    products = dict(Product.objects.values_list("name", "pk"))
    assert sorted(products) == ["Phone X", "USB-C cable"]
    assert Offer.objects.filter(product_id=products["Phone X"]).count() == 4  # two of each shop
    assert Product.objects.get(name="Phone X").shops_offering == 2
    created = [
        id_
        for (rows,) in ImportSnapshotChunk.objects.filter(kind=SnapshotKind.CREATED_PRODUCTS).values_list("rows")
        for id_ in rows
    ]
    assert sorted(created) == sorted(products.values())  # each created by exactly one of the two
    assert stale_listings() == [] and stale_search_documents() == []
