import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from shop.models import Offer
from shop.services.stock import adjust_stock
from shop.tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


def test_every_offer_moves_by_its_own_delta_in_one_update():
    offers = [OfferFactory(quantity=10) for _ in range(3)]
    with CaptureQueriesContext(connection) as queries:
        adjust_stock({offers[0].pk: -4, offers[1].pk: 5, offers[2].pk: 0})
    assert [q["sql"].startswith("UPDATE") for q in queries.captured_queries] == [True]
    assert [Offer.objects.get(pk=offer.pk).quantity for offer in offers] == [6, 15, 10]


def test_taking_more_than_there_is_is_refused_by_the_database():
    offer = OfferFactory(quantity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        adjust_stock({offer.pk: -2})
    assert Offer.objects.get(pk=offer.pk).quantity == 1
