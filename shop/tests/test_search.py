"""Catalogue search: stemming, typos, synonyms, shops, ranking and suggestions (PostgreSQL), and the
icontains fallback of the embedded SQLite mode (run on either database)."""

from decimal import Decimal

import pytest

from core.search_limits import SEARCH_MAX_WORDS
from shop.models import Product, SearchSynonym, SearchWord
from shop.search import _search_fallback, corrected_words, query_words, search_products, suggest, synonyms
from shop.services.listing import refresh_listings

from .factories import CategoryFactory, OfferFactory, OfferParameterFactory, ProductFactory, ShopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    phones, laptops = CategoryFactory(name="Смартфоны"), CategoryFactory(name="Ноутбуки")
    tech, other = ShopFactory(name="TechMarket"), ShopFactory(name="Связной")
    iphone = ProductFactory(name="Apple iPhone 15", category=phones)
    nokia = ProductFactory(name="Телефон Nokia 3310", category=phones)
    lenovo = ProductFactory(name="Lenovo IdeaPad 5", category=laptops)
    case = ProductFactory(name="Чехол универсальный", category=phones)
    OfferFactory(product=iphone, shop=tech, name="iPhone 15 128 ГБ", price=Decimal("90000"))
    OfferFactory(product=nokia, shop=other, name="Nokia 3310 синий")
    OfferFactory(product=lenovo, shop=other, name="IdeaPad 5 14")
    OfferParameterFactory(offer=OfferFactory(product=case, shop=other, name="Чехол"), value="подходит для Lenovo")
    return {"iphone": iphone, "nokia": nokia, "lenovo": lenovo, "case": case}


def found(text: str) -> list[str]:
    products = search_products(Product.objects.all(), text).order_by("-relevance", "id")
    return [product.name for product in products]


def test_query_words_are_lower_case_words_and_bounded():
    assert query_words("  iPhone, 15 Pro!! ") == ["iphone", "15", "pro"]
    assert len(query_words("a " * 50)) == SEARCH_MAX_WORDS
    assert query_words("%_'\"") == []


def test_synonyms_are_read_from_the_cache_and_change_without_a_deploy(django_capture_on_commit_callbacks):
    assert synonyms() == {}
    with django_capture_on_commit_callbacks(execute=True):
        SearchSynonym.objects.create(term=" Айфон ", expansions="iPhone,  apple iphone ,")
    assert synonyms() == {"айфон": ["iphone", "apple iphone"]}


@pytest.mark.postgres
def test_russian_stemming_finds_the_singular(catalogue):
    assert found("телефоны") == ["Телефон Nokia 3310"]


@pytest.mark.postgres
def test_a_typo_still_finds_the_product(catalogue):
    assert found("ipone")[0] == "Apple iPhone 15"


@pytest.mark.postgres
def test_a_typo_in_one_word_of_several_is_corrected(catalogue):
    assert found("lenvo ideapad") == ["Lenovo IdeaPad 5"]
    assert found("тилефон nokia") == ["Телефон Nokia 3310"]


@pytest.mark.postgres
def test_the_lexicon_holds_the_catalogue_words_without_numbers(catalogue):
    words = set(SearchWord.objects.values_list("word", flat=True))
    assert {"iphone", "apple", "techmarket", "смартфоны", "синий", "подходит"} <= words
    assert not {"15", "3310", "5", "14"} & words


@pytest.mark.postgres
def test_only_unknown_words_are_corrected(catalogue, django_capture_on_commit_callbacks):
    assert corrected_words(["samsng", "ipone", "nokia", "x3310", "qqqqq"]) == [
        "samsng",  # nothing near it in this catalogue
        "iphone",
        "nokia",  # known
        "x3310",  # has digits: a model number
        "qqqqq",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        SearchSynonym.objects.create(term="ипон", expansions="iphone")
    assert corrected_words(["ипон"]) == ["ипон"]  # a merchandiser's term is left to its synonyms


@pytest.mark.postgres
def test_a_shop_name_finds_its_products(catalogue):
    assert found("TechMarket") == ["Apple iPhone 15"]


@pytest.mark.postgres
def test_a_synonym_takes_effect_on_the_next_search(catalogue, django_capture_on_commit_callbacks):
    assert "Apple iPhone 15" not in found("айфон")
    with django_capture_on_commit_callbacks(execute=True):
        SearchSynonym.objects.create(term="айфон", expansions="iphone")
    assert found("айфон") == ["Apple iPhone 15"]


@pytest.mark.postgres
def test_a_name_match_outranks_a_parameter_value_match(catalogue):
    assert found("lenovo") == ["Lenovo IdeaPad 5", "Чехол универсальный"]


@pytest.mark.postgres
def test_offer_names_and_categories_are_searched(catalogue):
    assert found("синий") == ["Телефон Nokia 3310"]
    assert set(found("ноутбуки")) == {"Lenovo IdeaPad 5"}


@pytest.mark.postgres
def test_an_edit_refreshes_the_document_at_once(catalogue):
    lenovo = catalogue["lenovo"]
    lenovo.name = "ThinkPad X1"
    lenovo.save()
    assert found("thinkpad") == ["ThinkPad X1"]


@pytest.mark.postgres
def test_suggestions_complete_the_last_word(catalogue):
    assert suggest("ip", limit=5)["products"] == [{"id": catalogue["iphone"].pk, "name": "Apple iPhone 15"}]
    answer = suggest("ноут", limit=5)
    assert [category["name"] for category in answer["categories"]] == ["Ноутбуки"]


@pytest.mark.postgres
def test_suggestions_rank_listed_products(catalogue):
    assert [product["name"] for product in suggest("lenovo", limit=5)["products"]] == [
        "Lenovo IdeaPad 5",  # in the name
        "Чехол универсальный",  # in a parameter value
    ]
    assert [product["name"] for product in suggest("lenovo", limit=1)["products"]] == ["Lenovo IdeaPad 5"]
    catalogue["lenovo"].offers.update(is_active=False)
    refresh_listings([catalogue["lenovo"].pk])
    assert [product["name"] for product in suggest("lenov", limit=5)["products"]] == ["Чехол универсальный"]


def test_suggestions_of_nothing_are_empty():
    assert suggest(" ,", limit=5) == {"products": [], "categories": []}


def fallback(text: str) -> list[str]:
    products = _search_fallback(Product.objects.all(), query_words(text)).order_by("-relevance", "id")
    return [product.name for product in products]


def test_the_fallback_searches_the_same_fields(catalogue):
    assert fallback("techmarket") == ["Apple iPhone 15"]
    assert fallback("синий") == ["Телефон Nokia 3310"]
    assert fallback("lenovo") == ["Lenovo IdeaPad 5", "Чехол универсальный"]  # name matches first


def test_the_fallback_trims_long_words_and_expands_synonyms(catalogue):
    SearchSynonym.objects.create(term="айфон", expansions="iphone")
    assert fallback("айфон") == ["Apple iPhone 15"]
    assert fallback("универсальные") == ["Чехол универсальный"]
