"""Receivers of the shop app.

Catalogue cache: any saved or deleted catalogue row bumps the generation. Bulk writes (imports,
checkout's F() updates) fire no model signals; those services bump it themselves.
Catalogue version: any saved or deleted offer or offer parameter bumps its shop's `catalogue_version`, so an
import preview made before the edit is known to be out of date (imports bump it themselves).
Shipment status: the customer is e-mailed at each step of each shipment.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from notifications.services import queue_notification

from .catalogue_cache import bump_catalogue_generation
from .emails import shipment_step_context
from .models import Category, Offer, OfferParameter, Parameter, Product, Shipment, Shop
from .services.catalogue import bump_catalogue_version
from .signals import shipment_status_changed

CATALOGUE_MODELS = (Shop, Category, Product, Parameter, Offer, OfferParameter)


def _bump_after_commit(**kwargs) -> None:
    transaction.on_commit(bump_catalogue_generation)


for model in CATALOGUE_MODELS:
    post_save.connect(_bump_after_commit, sender=model, dispatch_uid=f"catalogue-cache-save-{model.__name__}")
    post_delete.connect(_bump_after_commit, sender=model, dispatch_uid=f"catalogue-cache-delete-{model.__name__}")


@receiver(post_save, sender=Offer, dispatch_uid="catalogue-version-offer-save")
@receiver(post_delete, sender=Offer, dispatch_uid="catalogue-version-offer-delete")
def _offer_edited(instance: Offer, **kwargs) -> None:
    bump_catalogue_version(shop_ids=[instance.shop_id])


@receiver(post_save, sender=OfferParameter, dispatch_uid="catalogue-version-parameter-save")
@receiver(post_delete, sender=OfferParameter, dispatch_uid="catalogue-version-parameter-delete")
def _offer_parameter_edited(instance: OfferParameter, **kwargs) -> None:
    bump_catalogue_version(shop_ids=list(Shop.objects.filter(offers=instance.offer_id).values_list("pk", flat=True)))


@receiver(m2m_changed, sender=Category.shops.through, dispatch_uid="catalogue-cache-category-shops")
def _category_shops_changed(**kwargs) -> None:
    _bump_after_commit()


@receiver(shipment_status_changed, dispatch_uid="shipment-status-email-to-customer")
def email_customer_about_shipment(sender, shipment: Shipment, from_status: str, to_status: str, **kwargs) -> None:
    """Each step of each shipment: the customer gets its lines, its tracking number and a link to the order."""
    shipment = Shipment.objects.select_related("order__user", "shop").get(pk=shipment.pk)
    items = list(shipment.items.order_by("id"))
    queue_notification(
        key="order_status_changed",
        to=[shipment.order.user.email],
        context=shipment_step_context(shipment, from_status=from_status, to_status=to_status, items=items),
    )
