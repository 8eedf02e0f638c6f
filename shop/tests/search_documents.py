"""The invariant every search-document test checks (PostgreSQL): the stored documents equal a fresh refresh's."""

from django.db import transaction

from shop.models import Product
from shop.services.search import refresh_search_documents


def stale_search_documents() -> list[int]:
    """Ids of the products whose stored search document differs from what a full refresh computes now."""
    stored = dict(Product.objects.values_list("pk", "search_document"))
    with transaction.atomic():
        refresh_search_documents()
        fresh = dict(Product.objects.values_list("pk", "search_document"))
        transaction.set_rollback(True)
    return sorted(pk for pk, document in stored.items() if document != fresh[pk])
