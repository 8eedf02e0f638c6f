"""Receivers of the shop app.

Catalogue cache: any saved or deleted catalogue row bumps the generation and rewrites the search documents
it shows in. Bulk writes fire no model signals: imports refresh and bump themselves; checkout's stock moves
need neither (stock is not searched; cached availability expires on its own, see catalogue_cache.py).
Order status: the customer is e-mailed at each step of the pipeline.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from notifications.services import queue_notification

from .catalogue_cache import bump_catalogue_generation
from .models import Category, Offer, OfferParameter, Order, Parameter, Product, SearchSynonym, Shop
from .order_status import OrderStatus
from .search import forget_synonyms
from .services.search import refresh_search_documents
from .signals import order_status_changed

CATALOGUE_MODELS = (Shop, Category, Product, Parameter, Offer, OfferParameter)


def _bump_after_commit(**kwargs) -> None:
    transaction.on_commit(bump_catalogue_generation)


for model in CATALOGUE_MODELS:
    post_save.connect(_bump_after_commit, sender=model, dispatch_uid=f"catalogue-cache-save-{model.__name__}")
    post_delete.connect(_bump_after_commit, sender=model, dispatch_uid=f"catalogue-cache-delete-{model.__name__}")


def _products_of(instance) -> list[int] | QuerySet:
    """The products whose search document shows `instance`."""
    if isinstance(instance, Product):
        return [instance.pk]
    if isinstance(instance, Offer):
        return [instance.product_id]
    if isinstance(instance, OfferParameter):
        return Offer.objects.filter(pk=instance.offer_id).values_list("product_id", flat=True)
    if isinstance(instance, Category):
        return Product.objects.filter(category=instance).values_list("pk", flat=True)
    return Offer.objects.filter(shop=instance).values_list("product_id", flat=True)


def _refresh_search_documents(instance, **kwargs) -> None:
    """Inside the edit's transaction, so the document never disagrees with what is stored."""
    if kwargs.get("raw"):
        return
    refresh_search_documents(list(_products_of(instance)))


for model in (Shop, Category, Product, Offer, OfferParameter):
    post_save.connect(_refresh_search_documents, sender=model, dispatch_uid=f"search-document-save-{model.__name__}")
    post_delete.connect(
        _refresh_search_documents, sender=model, dispatch_uid=f"search-document-delete-{model.__name__}"
    )


@receiver([post_save, post_delete], sender=SearchSynonym, dispatch_uid="search-synonyms-changed")
def _synonyms_changed(**kwargs) -> None:
    """A merchandiser's synonym takes effect on the next search: cached synonyms and answers are dropped."""
    transaction.on_commit(forget_synonyms)
    _bump_after_commit()


@receiver(m2m_changed, sender=Category.shops.through, dispatch_uid="catalogue-cache-category-shops")
def _category_shops_changed(**kwargs) -> None:
    _bump_after_commit()


@receiver(order_status_changed, dispatch_uid="order-status-email-to-customer")
def email_customer_about_status(sender, order: Order, from_status: str, to_status: str, **kwargs) -> None:
    queue_notification(
        key="order_status_changed",
        to=[order.user.email],
        context={
            "order_id": order.pk,
            "customer_name": order.user.get_full_name() or order.user.email,
            "from_status": str(OrderStatus(from_status).label),
            "to_status": str(OrderStatus(to_status).label),
        },
    )
