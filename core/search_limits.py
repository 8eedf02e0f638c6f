"""The one limit every search input is held to — the API's catalogue searches and the admin's lists alike.

A search's cost grows with its words: each becomes conditions over every searched column (1,300 words of
`product-infos/?search=` kept PostgreSQL busy for 69 s). So a search is at most SEARCH_MAX_LENGTH characters
and SEARCH_MAX_WORDS words, checked on the text before anything splits or parses it: the API answers 400 on
the field, the admin shortens the search and says so (core.middleware.AdminSearchLimitMiddleware).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext
from rest_framework import filters, serializers

SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 10
# A word is whatever stands between spaces and commas, as DRF's SearchFilter splits; punctuation counts too,
# since every piece becomes a condition. Searches that split finer (shop.search.query_words) keep at most
# SEARCH_MAX_WORDS of their own words.
_PIECE = re.compile(r"[^\s,]+")


def search_word_count(text: str) -> int:
    return len(_PIECE.findall(text))


def validate_search_words(text: str) -> None:
    """At most SEARCH_MAX_WORDS words. A text over SEARCH_MAX_LENGTH is left to the length check (the field's
    max_length), so a long search gets one message, not two."""
    if len(text) <= SEARCH_MAX_LENGTH and search_word_count(text) > SEARCH_MAX_WORDS:
        raise ValidationError(
            ngettext(
                "Search for at most %(limit)d word.",
                "Search for at most %(limit)d words.",
                SEARCH_MAX_WORDS,
            )
            % {"limit": SEARCH_MAX_WORDS},
            code="too_many_words",
        )


def validate_search_text(text: str) -> None:
    """At most SEARCH_MAX_LENGTH characters (checked first), then at most SEARCH_MAX_WORDS words."""
    if len(text) > SEARCH_MAX_LENGTH:
        raise ValidationError(
            ngettext(
                "Search for at most %(limit)d character.",
                "Search for at most %(limit)d characters.",
                SEARCH_MAX_LENGTH,
            )
            % {"limit": SEARCH_MAX_LENGTH},
            code="too_long",
        )
    validate_search_words(text)


def bounded_search_text(text: str) -> str:
    """`text` cut to SEARCH_MAX_LENGTH characters, then to its first SEARCH_MAX_WORDS words."""
    text = text[:SEARCH_MAX_LENGTH]
    pieces = list(_PIECE.finditer(text))
    return text[: pieces[SEARCH_MAX_WORDS - 1].end()] if len(pieces) > SEARCH_MAX_WORDS else text


class BoundedSearchFilter(filters.SearchFilter):
    """DRF's `?search=` held to the search limits: 400 on the `search` field before a term becomes SQL."""

    def get_search_terms(self, request):
        text = request.query_params.get(self.search_param, "")
        try:
            validate_search_text(text)
        except ValidationError as exc:
            raise serializers.ValidationError({self.search_param: exc.messages}) from exc
        return super().get_search_terms(request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["maxLength"] = SEARCH_MAX_LENGTH
        return parameters
