"""Issue 21 on PostgreSQL: checkouts committing while an import is applied keep their sales (one
connection per thread). The rule itself is tested in test_stock_during_import.py."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.db.models import Sum

from accounts.tests.factories import UserFactory
from imports.models import ImportStatus
from imports.services import apply as apply_module
from imports.services import apply_import
from shop.models import Offer, OrderItem
from shop.services.cart import add_to_cart
from shop.services.checkout import place_order
from shop.tests.factories import ContactFactory, cart_total

from ..conftest import PRICELIST, import_text, preview

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

STOCKED = PRICELIST.replace("quantity: 5\n", "quantity: 20\n")
RESTOCKED = PRICELIST.replace("quantity: 5\n", "quantity: 120\n")


def phone() -> Offer:
    return Offer.objects.get(external_id="1")


def customers_with_one_unit_in_the_cart(count: int) -> list:
    customers = UserFactory.create_batch(count)
    for user in customers:
        add_to_cart(user=user, offer_id=phone().pk, quantity=1)
        ContactFactory(user=user)
    return customers


def check_out(user) -> None:
    try:
        place_order(user=user, contact_id=user.contacts.get().pk, expected_total=cart_total(user))
    finally:
        connections.close_all()  # this thread's connection


def test_sales_committed_between_the_imports_read_and_its_write_are_kept(shop, monkeypatch):
    import_text(shop, STOCKED)
    run = preview(shop, RESTOCKED)
    before, during = customers_with_one_unit_in_the_cart(2), customers_with_one_unit_in_the_cart(3)
    for user in before:
        check_out(user)
    read, sold = threading.Event(), threading.Event()
    read_stock = apply_module.stock_and_sales_since

    def read_then_let_checkouts_commit(**kwargs):
        stock = read_stock(**kwargs)
        read.set()
        assert sold.wait(60)
        return stock

    monkeypatch.setattr(apply_module, "stock_and_sales_since", read_then_let_checkouts_commit)

    def apply() -> str:
        try:
            return apply_import(run_id=run.pk).status
        finally:
            connections.close_all()

    def check_out_during_the_apply(user) -> None:
        assert read.wait(60)
        check_out(user)

    with ThreadPoolExecutor(max_workers=1 + len(during)) as pool:
        applied = pool.submit(apply)
        for checkout in [pool.submit(check_out_during_the_apply, user) for user in during]:
            checkout.result()
        sold.set()
        assert applied.result() == ImportStatus.APPLIED
    assert phone().quantity == 120 - len(before) - len(during)


def test_checkouts_racing_an_apply_leave_the_files_stock_minus_every_sale(shop):
    import_text(shop, STOCKED)
    run = preview(shop, RESTOCKED)
    customers = customers_with_one_unit_in_the_cart(12)
    start = threading.Barrier(1 + len(customers), timeout=60)

    def apply() -> str:
        try:
            start.wait()
            return apply_import(run_id=run.pk).status
        finally:
            connections.close_all()

    def race(user) -> None:
        start.wait()
        check_out(user)

    with ThreadPoolExecutor(max_workers=1 + len(customers)) as pool:
        applied = pool.submit(apply)
        checkouts = [pool.submit(race, user) for user in customers]
        assert applied.result() == ImportStatus.APPLIED
        for checkout in checkouts:
            checkout.result()
    sold = OrderItem.objects.aggregate(units=Sum("quantity"))["units"]
    assert sold == len(customers)
    assert phone().quantity == 120 - sold
