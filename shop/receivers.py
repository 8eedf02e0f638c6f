"""Receivers of the shop app.

Catalogue cache: any saved or deleted catalogue row bumps the generation and rewrites the search documents
and listing summaries it shows in. Bulk writes fire no model signals: imports refresh and bump themselves;
checkout's stock moves refresh the summaries of their products (shop/services/stock.py) but bump nothing
(stock is not searched; cached availability expires on its own, see catalogue_cache.py).
Catalogue version: any saved or deleted offer or offer parameter, and any saved product, category or parameter
(whose names an import's diff matches offers by), bumps the `catalogue_version` of the shops offering it, so an
import preview made before the edit is known to be out of date (imports bump it themselves; checkout's stock
moves do not: apply subtracts the sales made since the preview, see imports.services.stock).
Shipment status: the customer is e-mailed at each step of each shipment; an undone step is
withdrawn or corrected.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from notifications.rendering import in_language
from notifications.services import queue_notification, withdraw_unsent

from .catalogue_cache import bump_catalogue_generation
from .emails import shipment_correction_context, shipment_step_context
from .models import (
    Category,
    Offer,
    OfferParameter,
    Parameter,
    Product,
    SearchSynonym,
    Shipment,
    ShipmentStatusChange,
    Shop,
)
from .search import forget_synonyms
from .services.catalogue import bump_catalogue_version
from .services.products import refresh_products
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
    bump_catalogue_version(shop_ids=Offer.objects.filter(pk=instance.offer_id).values("shop_id"))


# Products, categories and parameters with offers cannot be deleted (PROTECT, or their offer parameters go
# first and bump); a save may rename them or move a product to another category.
@receiver(post_save, sender=Product, dispatch_uid="catalogue-version-product-save")
def _product_edited(instance: Product, raw: bool = False, **kwargs) -> None:
    if not raw:
        bump_catalogue_version(shop_ids=Offer.objects.filter(product_id=instance.pk).values("shop_id"))


@receiver(post_save, sender=Category, dispatch_uid="catalogue-version-category-save")
def _category_edited(instance: Category, raw: bool = False, **kwargs) -> None:
    if not raw:
        bump_catalogue_version(shop_ids=Offer.objects.filter(product__category_id=instance.pk).values("shop_id"))


@receiver(post_save, sender=Parameter, dispatch_uid="catalogue-version-parameter-name-save")
def _parameter_edited(instance: Parameter, raw: bool = False, **kwargs) -> None:
    if not raw:
        bump_catalogue_version(
            shop_ids=Offer.objects.filter(offer_parameters__parameter_id=instance.pk).values("shop_id")
        )


@receiver(pre_save, sender=Offer, dispatch_uid="offer-previous-product")
def _remember_previous_product(instance: Offer, raw: bool = False, **kwargs) -> None:
    """An offer moved to another product leaves the old one: both need their document and summary."""
    if raw or instance.pk is None:
        return
    instance._previous_product_id = Offer.objects.filter(pk=instance.pk).values_list("product_id", flat=True).first()


def _products_of(instance) -> list[int] | QuerySet:
    """The products whose search document (and listing summary) shows `instance`."""
    if isinstance(instance, Product):
        return [instance.pk]
    if isinstance(instance, Offer):
        previous = getattr(instance, "_previous_product_id", None)
        return [instance.product_id] if previous is None else [instance.product_id, previous]
    if isinstance(instance, OfferParameter):
        return Offer.objects.filter(pk=instance.offer_id).values_list("product_id", flat=True)
    if isinstance(instance, Category):
        return Product.objects.filter(category=instance).values_list("pk", flat=True)
    return Offer.objects.filter(shop=instance).values_list("product_id", flat=True)


def _refresh_search_documents(instance, **kwargs) -> None:
    """Inside the edit's transaction, so the document never disagrees with what is stored. Product, offer and
    shop rows also change the listing summaries (a product's own save writes its summary columns as it read
    them, so they are recomputed after it)."""
    if kwargs.get("raw"):
        return
    products = list(_products_of(instance))
    refresh_products(searched=products, listed=products if isinstance(instance, (Product, Offer, Shop)) else ())


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


@receiver(shipment_status_changed, dispatch_uid="shipment-status-email-to-customer")
def email_customer_about_shipment(
    sender, shipment: Shipment, from_status: str, to_status: str, change: ShipmentStatusChange, **kwargs
) -> None:
    """Each step of each shipment: the customer gets its lines, its tracking number and a link to the order, in
    the customer's language whoever moved it (staff in another admin language, the supplier, a worker).

    An undo is no new step: the e-mail about the undone step is withdrawn if it has not left yet; if it has,
    the customer gets a correction instead."""
    shipment = Shipment.objects.select_related("order__user", "shop").get(pk=shipment.pk)
    items = list(shipment.items.order_by("id"))
    customer = shipment.order.user
    with in_language(customer.language):
        if change.undoes_id is None:
            key = "order_status_changed"
            context = shipment_step_context(
                shipment, from_status=from_status, to_status=to_status, items=items, move_id=change.pk
            )
        elif withdraw_unsent(key="order_status_changed", reference={"move_id": change.undoes_id}):
            key = "order_status_corrected"
            context = shipment_correction_context(shipment, undone_status=from_status, items=items)
        else:
            return
    queue_notification(key=key, to=[customer.email], language=customer.language, context=context)
