import re
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from shop.models import Offer, Product
from shop.services.stock import adjust_stock
from shop.tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


def test_every_offer_moves_by_its_own_delta_in_one_update_and_its_products_summaries_in_one_more():
    offers = [OfferFactory(quantity=10) for _ in range(3)]
    with CaptureQueriesContext(connection) as queries:
        adjust_stock({offers[0].pk: -4, offers[1].pk: 5, offers[2].pk: 0})
    statements = [query["sql"] for query in queries.captured_queries]
    assert statements[0].startswith('UPDATE "shop_offer"')
    # then the offers' products, on PostgreSQL their row locks, and one UPDATE of their summaries
    assert len(statements) == (4 if connection.vendor == "postgresql" else 3)
    assert re.search(r"UPDATE \"?shop_product", statements[-1])
    assert [Offer.objects.get(pk=offer.pk).quantity for offer in offers] == [6, 15, 10]


def test_the_last_unit_taken_takes_the_product_out_of_stock_and_returning_it_puts_it_back():
    offer = OfferFactory(quantity=1, price=Decimal("50"))
    adjust_stock({offer.pk: -1})
    product = Product.objects.get(pk=offer.product_id)
    assert (product.listed, product.available, product.lowest_available_price) == (True, False, None)
    adjust_stock({offer.pk: 1})
    product.refresh_from_db()
    assert (product.available, product.lowest_available_price) == (True, Decimal("50.00"))


def test_taking_more_than_there_is_is_refused_by_the_database():
    offer = OfferFactory(quantity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        adjust_stock({offer.pk: -2})
    assert Offer.objects.get(pk=offer.pk).quantity == 1
