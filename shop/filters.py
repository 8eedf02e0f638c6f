"""Query-string filters of the catalogue lists (`product-infos/`, `products/`, see docs/API.md)."""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import OrderingFilter

from core.search_limits import SEARCH_MAX_LENGTH, validate_search_words

from .models import MONEY, Offer, OfferParameter, Product
from .search import search_products
from .selectors import listed_product_cards, listing_count, product_cards

MAX_ID = 2**63 - 1
MAX_QUANTITY = 2**31 - 1
# Every sort of the product list ends with the id, so pages never overlap; availability breaks relevance ties.
PRODUCT_ORDERINGS = {
    "relevance": [F("relevance").desc(nulls_last=True), F("in_stock").desc(), Lower("name"), "id"],
    "price": ["min_price", "id"],
    "-price": [F("min_price").desc(), "-id"],
    "name": [Lower("name"), "id"],
    "-name": [Lower("name").desc(), "-id"],
}


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    """A whole number (django-filter's NumberFilter takes decimals, which ids and stock counts are not)."""

    field_class = forms.IntegerField


class PriceFilter(django_filters.NumberFilter):
    """An amount of money as prices are stored (12 digits, 2 decimal places, not negative). Django's DecimalField
    judges `1E-1000000`, `1E+1000000`, NaN, Infinity or a long run of digits by the digits and exponent of the
    Decimal, without expanding it, so they are 400 on the field instead of reaching PostgreSQL's numeric."""

    def __init__(self, *args, **kwargs):
        kwargs.update(MONEY, min_value=0)
        super().__init__(*args, **kwargs)


class TextFilter(django_filters.CharFilter):
    """A text filter no longer than a search may be (core.search_limits): 400 on the field past it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        super().__init__(*args, **kwargs)


class OfferFilter(django_filters.FilterSet):
    product_name = TextFilter(
        field_name="product__name",
        lookup_expr="icontains",
        label=_("Product name contains"),
    )
    category_id = IntegerFilter(
        field_name="product__category_id", min_value=1, max_value=MAX_ID, label=_("Category id")
    )
    category_name = TextFilter(
        field_name="product__category__name",
        lookup_expr="icontains",
        label=_("Category name contains"),
    )
    shop_id = IntegerFilter(field_name="shop_id", min_value=1, max_value=MAX_ID, label=_("Shop id"))
    shop_name = TextFilter(field_name="shop__name", lookup_expr="icontains", label=_("Shop name contains"))
    price_min = PriceFilter(field_name="price", lookup_expr="gte", label=_("Price at least"))
    price_max = PriceFilter(field_name="price", lookup_expr="lte", label=_("Price at most"))
    quantity_min = IntegerFilter(
        field_name="quantity", lookup_expr="gte", min_value=0, max_value=MAX_QUANTITY, label=_("Stock at least")
    )
    quantity_max = IntegerFilter(
        field_name="quantity", lookup_expr="lte", min_value=0, max_value=MAX_QUANTITY, label=_("Stock at most")
    )
    parameter_name = TextFilter(method="filter_parameter", label=_("Has a parameter of this name"))
    parameter_value = TextFilter(method="filter_parameter", label=_("Has a parameter with this value"))

    class Meta:
        model = Offer
        fields: list[str] = []

    def filter_parameter(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Name and value, when both are given, must hold for the same parameter of the offer."""
        if name == "parameter_value" and self.form.cleaned_data.get("parameter_name"):
            return queryset  # applied together with parameter_name
        conditions = {"offer": OuterRef("pk")}
        if name == "parameter_name":
            conditions["parameter__name__iexact"] = value
            paired_value = self.form.cleaned_data.get("parameter_value")
            if paired_value:
                conditions["value__iexact"] = paired_value
        else:
            conditions["value__iexact"] = value
        return queryset.filter(Exists(OfferParameter.objects.filter(**conditions)))


class StableOrderingFilter(OrderingFilter):
    """`ordering` as DRF parses it, always ending with the primary key so pages never overlap."""

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or [])
        return [*ordering, "id"] if "id" not in ordering and "-id" not in ordering else ordering


class ProductFilter(django_filters.FilterSet):
    """Query-string filters, search and sort of the product catalogue (`products/` and its facets).

    Offer-level conditions (shop, price, parameters, stock) select the offers a card is made of: a product
    is listed when at least one of its visible offers meets them all, and its lowest price, shop count and
    availability are taken over those offers. Without them a card is the product's stored listing summary;
    with stock only, the summary still filters and sorts (lowest price in stock) and just the page's cards
    read offers.
    """

    search = TextFilter(method="keep", validators=[validate_search_words], label=_("Search words"))
    category_id = IntegerFilter(field_name="category_id", min_value=1, max_value=MAX_ID, label=_("Category id"))
    category_name = TextFilter(
        field_name="category__name",
        lookup_expr="icontains",
        label=_("Category name contains"),
    )
    shop_id = IntegerFilter(method="keep", min_value=1, max_value=MAX_ID, label=_("Shop id"))
    shop_name = TextFilter(method="keep", label=_("Shop name contains"))
    price_min = PriceFilter(method="keep", label=_("Price at least"))
    price_max = PriceFilter(method="keep", label=_("Price at most"))
    in_stock = django_filters.BooleanFilter(method="keep", label=_("Only offers in stock"))
    parameter_name = TextFilter(method="keep", label=_("Has a parameter of this name"))
    parameter_value = TextFilter(method="keep", label=_("Has a parameter with this value"))
    ordering = django_filters.ChoiceFilter(
        method="keep",
        choices=[(choice, choice) for choice in PRODUCT_ORDERINGS],
        label=_("Sort: relevance (with search), price, -price, name or -name"),
    )

    class Meta:
        model = Product
        fields: list[str] = []

    def keep(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """Offer-level conditions, search and sort are applied together in filter_queryset."""
        return queryset

    def offer_conditions(self) -> Q:
        """The offer filters, stock included: a card is made of the visible offers meeting them all."""
        conditions = self._narrowing()
        if self.form.cleaned_data.get("in_stock"):
            conditions &= Q(quantity__gt=0)
        return conditions

    def _narrowing(self) -> Q:
        """The offer filters the listing summary cannot answer (shop, price, parameter): all but stock."""
        data = self.form.cleaned_data
        conditions = Q()
        if data.get("shop_id"):
            conditions &= Q(shop_id=data["shop_id"])
        if data.get("shop_name"):
            conditions &= Q(shop__name__icontains=data["shop_name"])
        if data.get("price_min") is not None:
            conditions &= Q(price__gte=data["price_min"])
        if data.get("price_max") is not None:
            conditions &= Q(price__lte=data["price_max"])
        parameter = {}
        if data.get("parameter_name"):
            parameter["parameter__name__iexact"] = data["parameter_name"]
        if data.get("parameter_value"):
            parameter["value__iexact"] = data["parameter_value"]
        if parameter:
            conditions &= Q(Exists(OfferParameter.objects.filter(offer=OuterRef("pk"), **parameter)))
        return conditions

    def matching_products(self) -> QuerySet[Product]:
        """The products the query selects, without card figures or order (facets count over these).

        The stored listing summary answers "has a visible offer" and "has one in stock"; only the other
        offer filters read offers, as one semi-join (`id IN (SELECT product_id …)`)."""
        products = super().filter_queryset(self.queryset)
        products = (
            products.filter(available=True) if self.form.cleaned_data.get("in_stock") else products.filter(listed=True)
        )
        if self._narrowing():
            offers = Offer.objects.visible().filter(self.offer_conditions())
            products = products.filter(pk__in=offers.values("product_id"))
        return search_products(products, self.form.cleaned_data.get("search") or "")

    def stored_count(self) -> int | None:
        """The exact number of products the query lists, from the listing counters when only the category
        and stock filters are set (PostgreSQL); None when it has to be counted."""
        data = self.form.cleaned_data
        if data.get("search") or data.get("category_name") or self._narrowing():
            return None
        return listing_count(category_id=data.get("category_id"), in_stock=bool(data.get("in_stock")))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet[Product]:
        data = self.form.cleaned_data
        products = self.matching_products()
        if self._narrowing():
            cards = product_cards(products, Offer.objects.visible().filter(self.offer_conditions()))
        elif data.get("in_stock"):
            in_stock = Offer.objects.visible().filter(quantity__gt=0)
            cards = product_cards(products, in_stock, min_price=F("lowest_available_price"))
        else:
            cards = listed_product_cards(products)
        ordering = data.get("ordering") or ("relevance" if data.get("search") else "name")
        return cards.order_by(*PRODUCT_ORDERINGS[ordering])
