"""Search synonyms written by code (the demo's starter set); merchandisers edit them in the admin."""

from django.db import transaction

from ..models import SearchSynonym


@transaction.atomic
def add_missing_synonyms(synonyms: dict[str, str]) -> int:
    """Create the terms not defined yet (term → comma-separated expansions); a term staff edited is left alone.

    Returns how many were created. Each is saved on its own so the save hooks normalise it and the next
    search sees it.
    """
    existing = set(
        SearchSynonym.objects.filter(term__in=[term.lower() for term in synonyms]).values_list("term", flat=True)
    )
    created = 0
    for term, expansions in synonyms.items():
        if term.lower() not in existing:
            SearchSynonym(term=term, expansions=expansions).save()
            created += 1
    return created
