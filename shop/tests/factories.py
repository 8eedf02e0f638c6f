from decimal import Decimal

import factory

from accounts.tests.factories import UserFactory
from shop.models import (
    CartItem,
    Category,
    Contact,
    Offer,
    OfferParameter,
    Order,
    OrderItem,
    Parameter,
    Product,
    Shipment,
    Shop,
)


class ShopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shop

    name = factory.Sequence(lambda n: f"Shop {n}")
    slug = factory.Sequence(lambda n: f"shop-{n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Product {n}")
    category = factory.SubFactory(CategoryFactory)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    shop = factory.SubFactory(ShopFactory)
    product = factory.SubFactory(ProductFactory)
    name = factory.LazyAttribute(lambda offer: f"{offer.product.name} offer")
    external_id = factory.Sequence(lambda n: f"ext-{n}")
    price = Decimal("100.00")
    price_rrc = Decimal("120.00")
    quantity = 10


class ParameterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Parameter
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Parameter {n}")


class OfferParameterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfferParameter

    offer = factory.SubFactory(OfferFactory)
    parameter = factory.SubFactory(ParameterFactory)
    value = "value"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    user = factory.SubFactory(UserFactory)
    first_name = "Ivan"
    last_name = "Petrov"
    email = factory.LazyAttribute(lambda contact: contact.user.email)
    phone = "+79001234567"
    city = "Moscow"
    street = "Tverskaya"
    house = "1"


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    user = factory.SubFactory(UserFactory)
    contact = factory.SubFactory(ContactFactory, user=factory.SelfAttribute("..user"))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Copy the contact's address as checkout does."""
        order = model_class(*args, **kwargs)
        order.copy_delivery_address(order.contact)
        order.save()
        return order


class ShipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shipment

    order = factory.SubFactory(OrderFactory)
    shop = factory.SubFactory(ShopFactory)


class OrderItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderItem

    order = factory.SubFactory(OrderFactory)
    offer = factory.SubFactory(OfferFactory)
    shop = factory.SelfAttribute("offer.shop")
    # The order's shipment from the offer's shop, as checkout makes it.
    shipment = factory.LazyAttribute(
        lambda item: Shipment.objects.get_or_create(order=item.order, shop=item.offer.shop)[0]
    )
    product_name = factory.SelfAttribute("offer.product.name")
    offer_name = factory.SelfAttribute("offer.name")
    external_id = factory.LazyAttribute(lambda item: item.offer.external_id or "")
    shop_name = factory.SelfAttribute("offer.shop.name")
    quantity = 1
    price = factory.SelfAttribute("offer.price")
    price_rrc = factory.SelfAttribute("offer.price_rrc")


def cart_total(user) -> Decimal:
    """The total the cart shows the user now: what a client sends as `expected_total` at checkout."""
    return sum(
        (item.total_price for item in CartItem.objects.filter(cart__user=user).select_related("offer")), Decimal()
    )
