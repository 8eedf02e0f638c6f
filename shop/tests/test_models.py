from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from shop.managers import is_above_rrc
from shop.models import Cart, CartItem, Offer, Order, lines_total

from .factories import OfferFactory, OrderFactory, OrderItemFactory, ProductFactory, ShopFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "field, value",
    [("price", Decimal("-0.01")), ("price_rrc", Decimal("-1")), ("quantity", -1)],
)
def test_negative_money_or_stock_is_refused_by_the_database(field, value):
    offer = OfferFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.filter(pk=offer.pk).update(**{field: value})


def test_external_id_is_unique_within_a_shop_only():
    offer = OfferFactory(external_id="42")
    OfferFactory(external_id="42")  # another shop may reuse it
    with pytest.raises(IntegrityError), transaction.atomic():
        OfferFactory(shop=offer.shop, external_id="42")


def test_offers_without_external_id_are_unique_by_product_and_name():
    shop, product = ShopFactory(), ProductFactory()
    OfferFactory(shop=shop, product=product, name="Black", external_id=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        OfferFactory(shop=shop, product=product, name="Black", external_id=None)


def test_a_product_name_is_unique_within_its_category():
    product = ProductFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductFactory(category=product.category, name=product.name)


def test_a_cart_has_one_line_per_offer(django_user_model):
    offer = OfferFactory()
    cart = Cart.objects.create(user=django_user_model.objects.create_user(email="c@example.com", password="x"))
    CartItem.objects.create(cart=cart, offer=offer, quantity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        CartItem.objects.create(cart=cart, offer=offer, quantity=2)


def test_an_order_status_outside_the_pipeline_is_refused_by_the_database():
    order = OrderFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.filter(pk=order.pk).update(status="lost")


def test_visible_offers_are_active_and_from_shops_accepting_orders():
    visible = OfferFactory()
    OfferFactory(is_active=False)
    OfferFactory(shop=ShopFactory(accepts_orders=False))
    assert list(Offer.objects.visible()) == [visible]


def test_above_rrc_agrees_between_the_queryset_and_the_python_predicate():
    prices = [("100.01", "100.00"), ("100.00", "100.00"), ("99.99", "100.00"), ("5.00", "0.00")]
    offers = {OfferFactory(price=Decimal(price), price_rrc=Decimal(rrc)).pk: (price, rrc) for price, rrc in prices}

    above = set(Offer.objects.above_rrc().values_list("pk", flat=True))
    not_above = set(Offer.objects.above_rrc(False).values_list("pk", flat=True))

    assert above == {pk for pk, (price, rrc) in offers.items() if is_above_rrc(Decimal(price), Decimal(rrc))}
    assert len(above) == 2
    assert not_above == offers.keys() - above


def test_order_totals_agree_between_the_list_annotation_and_loaded_lines():
    order, empty = OrderFactory(), OrderFactory()
    OrderItemFactory(order=order, price=Decimal("10.50"), quantity=3)
    OrderItemFactory(order=order, price=Decimal("0.25"), quantity=2)

    totals = dict(Order.objects.with_total().values_list("pk", "total_price"))

    assert totals == {order.pk: Decimal("32.00"), empty.pk: Decimal("0")}
    assert lines_total(order.items.all()) == Decimal("32.00")
