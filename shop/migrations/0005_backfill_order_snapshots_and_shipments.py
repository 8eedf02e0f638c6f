"""Existing orders get what checkout now copies: the delivery address from their contact, each line's
variant, SKU, shop name, parameters and RRC from its offer, and one shipment per shop at the order's status.

Set-based: one UPDATE per table with correlated subqueries; only the parameters are built in Python.
The order-level status history stays where it was; shipments start their own history from here on.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

DELIVERY_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "city",
    "street",
    "house",
    "structure",
    "building",
    "apartment",
)
BATCH = 1000


def backfill(apps, schema_editor):
    Contact = apps.get_model("shop", "Contact")
    Offer = apps.get_model("shop", "Offer")
    OfferParameter = apps.get_model("shop", "OfferParameter")
    Order = apps.get_model("shop", "Order")
    OrderItem = apps.get_model("shop", "OrderItem")
    Shipment = apps.get_model("shop", "Shipment")
    Shop = apps.get_model("shop", "Shop")

    contact = Contact.objects.filter(pk=OuterRef("contact_id"))
    Order.objects.update(
        **{f"delivery_{field}": Subquery(contact.values(field)[:1]) for field in DELIVERY_FIELDS}
    )

    offer = Offer.objects.filter(pk=OuterRef("offer_id"))
    OrderItem.objects.update(
        offer_name=Subquery(offer.values("name")[:1]),
        external_id=Coalesce(Subquery(offer.values("external_id")[:1]), Value("")),
        price_rrc=Subquery(offer.values("price_rrc")[:1]),
        shop_name=Subquery(Shop.objects.filter(pk=OuterRef("shop_id")).values("name")[:1]),
    )
    parameters: dict[int, dict[str, str]] = {}
    for offer_id, name, value in OfferParameter.objects.filter(
        offer_id__in=OrderItem.objects.values("offer_id")
    ).values_list("offer_id", "parameter__name", "value"):
        parameters.setdefault(offer_id, {})[name] = value
    items = list(OrderItem.objects.filter(offer_id__in=parameters).only("pk", "offer_id"))
    for item in items:
        item.parameters = parameters[item.offer_id]
    OrderItem.objects.bulk_update(items, ["parameters"], batch_size=BATCH)

    pairs = OrderItem.objects.values_list("order_id", "shop_id", "order__status").distinct().order_by("order_id")
    Shipment.objects.bulk_create(
        (Shipment(order_id=order_id, shop_id=shop_id, status=status) for order_id, shop_id, status in pairs),
        batch_size=BATCH,
    )
    Shipment.objects.update(created_at=Subquery(Order.objects.filter(pk=OuterRef("order_id")).values("created_at")))
    OrderItem.objects.update(
        shipment=Subquery(
            Shipment.objects.filter(order_id=OuterRef("order_id"), shop_id=OuterRef("shop_id")).values("pk")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [("shop", "0004_order_snapshots_and_shipments")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False)]
