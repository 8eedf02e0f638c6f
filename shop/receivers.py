"""Keeps the catalogue cache honest: any saved or deleted catalogue row bumps the generation.

Bulk writes (imports, checkout's F() updates) fire no model signals; those services bump it themselves.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .catalogue_cache import bump_catalogue_generation
from .models import Category, Offer, OfferParameter, Parameter, Product, Shop

CATALOGUE_MODELS = (Shop, Category, Product, Parameter, Offer, OfferParameter)


def _bump_after_commit(**kwargs) -> None:
    transaction.on_commit(bump_catalogue_generation)


for model in CATALOGUE_MODELS:
    post_save.connect(_bump_after_commit, sender=model, dispatch_uid=f"catalogue-cache-save-{model.__name__}")
    post_delete.connect(_bump_after_commit, sender=model, dispatch_uid=f"catalogue-cache-delete-{model.__name__}")


@receiver(m2m_changed, sender=Category.shops.through, dispatch_uid="catalogue-cache-category-shops")
def _category_shops_changed(**kwargs) -> None:
    _bump_after_commit()
