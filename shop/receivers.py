"""Receivers of the shop app.

Catalogue cache: any saved or deleted catalogue row bumps the generation. Bulk writes (imports,
checkout's F() updates) fire no model signals; those services bump it themselves.
Order status: the customer is e-mailed at each step of the pipeline.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from notifications.services import queue_notification

from .catalogue_cache import bump_catalogue_generation
from .models import Category, Offer, OfferParameter, Order, Parameter, Product, Shop
from .order_status import OrderStatus
from .services.checkout import order_lines_context
from .signals import order_status_changed

CATALOGUE_MODELS = (Shop, Category, Product, Parameter, Offer, OfferParameter)


def _bump_after_commit(**kwargs) -> None:
    transaction.on_commit(bump_catalogue_generation)


for model in CATALOGUE_MODELS:
    post_save.connect(_bump_after_commit, sender=model, dispatch_uid=f"catalogue-cache-save-{model.__name__}")
    post_delete.connect(_bump_after_commit, sender=model, dispatch_uid=f"catalogue-cache-delete-{model.__name__}")


@receiver(m2m_changed, sender=Category.shops.through, dispatch_uid="catalogue-cache-category-shops")
def _category_shops_changed(**kwargs) -> None:
    _bump_after_commit()


@receiver(order_status_changed, dispatch_uid="order-status-email-to-customer")
def email_customer_about_status(sender, order: Order, from_status: str, to_status: str, **kwargs) -> None:
    queue_notification(
        key="order_status_changed",
        to=[order.user.email],
        language=order.user.language,
        context={
            "order_id": order.pk,
            "customer_name": order.user.get_full_name() or order.user.email,
            "from_status": str(OrderStatus(from_status).label),
            "to_status": str(OrderStatus(to_status).label),
            "contact": str(order.contact) if order.contact else "",
            "order_url": f"{settings.FRONTEND_URL}/orders/{order.pk}",
            **order_lines_context(list(order.items.select_related("shop").order_by("id"))),
        },
    )
