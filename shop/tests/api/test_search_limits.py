"""Every catalogue search input is held to the search limits before it becomes SQL (core/search_limits.py), and
absurd numbers are field errors, not PostgreSQL errors. Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

import pytest

from core.search_limits import SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS
from shop.tests.factories import OfferFactory, ProductFactory

pytestmark = pytest.mark.django_db

# The endpoint and the name of its search parameter.
SEARCHES = [
    ("/api/v1/product-infos/", "search"),
    ("/api/v1/products/", "search"),
    ("/api/v1/products/facets/", "search"),
    ("/api/v1/suggestions/", "q"),
]
LISTS = ["/api/v1/product-infos/", "/api/v1/products/", "/api/v1/products/facets/"]


@pytest.fixture
def catalogue():
    """Something to find, so a search that is accepted does run its SQL."""
    return OfferFactory(product=ProductFactory(name="Samsung Galaxy phone"), name="Galaxy 128 GB").product


@pytest.mark.parametrize("url, parameter", SEARCHES)
@pytest.mark.parametrize(
    "text, limit",
    [
        (" ".join(["a"] * 1300), SEARCH_MAX_LENGTH),  # the report: 69 s in PostgreSQL
        (" ".join(["a"] * (SEARCH_MAX_WORDS + 1)), SEARCH_MAX_WORDS),
        (",".join(f"w{index}" for index in range(SEARCH_MAX_WORDS + 1)), SEARCH_MAX_WORDS),
        ("! " * (SEARCH_MAX_WORDS + 1), SEARCH_MAX_WORDS),
        ("x" * (SEARCH_MAX_LENGTH + 1), SEARCH_MAX_LENGTH),
    ],
    ids=["1300-words", "11-words", "11-comma-separated", "11-punctuation-pieces", "201-characters"],
)
def test_a_search_over_the_limits_is_a_400_on_its_field_in_english_and_russian(
    api_client, catalogue, url, parameter, text, limit
):
    english = api_client.get(url, {parameter: text}, HTTP_ACCEPT_LANGUAGE="en")
    russian = api_client.get(url, {parameter: text}, HTTP_ACCEPT_LANGUAGE="ru")
    assert english.status_code == russian.status_code == 400
    assert list(english.json()) == [parameter]
    [in_english], [in_russian] = english.json()[parameter], russian.json()[parameter]
    assert f" {limit} " in in_english and ("words" if limit == SEARCH_MAX_WORDS else "characters") in in_english
    assert f" {limit} " in in_russian and ("слов" if limit == SEARCH_MAX_WORDS else "символов") in in_russian


@pytest.mark.parametrize("url, parameter", SEARCHES)
@pytest.mark.parametrize(
    "text",
    [
        " ".join(f"word{index}" for index in range(SEARCH_MAX_WORDS)),  # as many distinct words as allowed
        "galaxy " * (SEARCH_MAX_WORDS - 1) + "x" * (SEARCH_MAX_LENGTH - 7 * (SEARCH_MAX_WORDS - 1)),
        "q" * SEARCH_MAX_LENGTH,  # one long word
        "!!! ??? ... ,,, ;;; ::: ***",  # punctuation only
        "a:* & !b | (c <-> d) & 'e':AB",  # tsquery syntax
        "\\' \\\\ %_ \" ' ) ( ] [",  # quotes, backslashes, LIKE wildcards
        "galaxy:*",
        "Galaxy   ",
    ],
    ids=["10-distinct", "at-the-limits", "one-long-word", "punctuation", "tsquery", "quotes", "prefix", "spaces"],
)
def test_hostile_searches_within_the_limits_are_answered(api_client, catalogue, url, parameter, text):
    response = api_client.get(url, {parameter: text})
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("url", ["/api/v1/products/", "/api/v1/product-infos/"])
def test_a_search_at_the_limits_still_finds(api_client, catalogue, url):
    response = api_client.get(url, {"search": "galaxy"})
    names = {row.get("name") or row.get("product", {}).get("name") for row in response.json()["results"]}
    assert response.status_code == 200 and names & {"Samsung Galaxy phone", "Galaxy 128 GB"}


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("parameter", ["category_name", "shop_name", "parameter_name", "parameter_value"])
def test_every_text_filter_is_held_to_the_search_length(api_client, url, parameter):
    response = api_client.get(url, {parameter: "x" * (SEARCH_MAX_LENGTH + 1)})
    assert response.status_code == 400 and list(response.json()) == [parameter]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("parameter", ["price_min", "price_max"])
@pytest.mark.parametrize(
    "value",
    ["1E-1000000", "1E+1000000", "-1E+1000000", "NaN", "sNaN", "Infinity", "-Infinity", "9" * 5000, "0.001", "-1"],
)
def test_an_absurd_price_is_a_400_on_its_field_not_a_database_error(api_client, catalogue, url, parameter, value):
    response = api_client.get(url, {parameter: value})
    assert response.status_code == 400, response.content
    assert list(response.json()) == [parameter] and response.json()[parameter]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("value", ["1E+1000000", "NaN", "9" * 5000, "1.5", "-1", "99999999999999999999"])
def test_an_absurd_id_is_a_400_on_its_field(api_client, url, value):
    response = api_client.get(url, {"category_id": value})
    assert response.status_code == 400 and list(response.json()) == ["category_id"]


@pytest.mark.parametrize("url", LISTS)
def test_prices_as_stored_are_accepted(api_client, catalogue, url):
    response = api_client.get(url, {"price_min": "0", "price_max": "9999999999.99"})
    assert response.status_code == 200, response.content
