"""Query-string filters of the catalogue list (`product-infos/`, see docs/API.md)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import OrderingFilter

from .models import Offer, OfferParameter

MAX_ID = 2**63 - 1
MAX_QUANTITY = 2**31 - 1


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    """A whole number (django-filter's NumberFilter takes decimals, which ids and stock counts are not)."""

    field_class = forms.IntegerField


class OfferFilter(django_filters.FilterSet):
    product_name = django_filters.CharFilter(
        field_name="product__name", lookup_expr="icontains", label=_("Product name contains")
    )
    category_id = IntegerFilter(
        field_name="product__category_id", min_value=1, max_value=MAX_ID, label=_("Category id")
    )
    category_name = django_filters.CharFilter(
        field_name="product__category__name", lookup_expr="icontains", label=_("Category name contains")
    )
    shop_id = IntegerFilter(field_name="shop_id", min_value=1, max_value=MAX_ID, label=_("Shop id"))
    shop_name = django_filters.CharFilter(
        field_name="shop__name", lookup_expr="icontains", label=_("Shop name contains")
    )
    price_min = django_filters.NumberFilter(field_name="price", lookup_expr="gte", label=_("Price at least"))
    price_max = django_filters.NumberFilter(field_name="price", lookup_expr="lte", label=_("Price at most"))
    quantity_min = IntegerFilter(
        field_name="quantity", lookup_expr="gte", min_value=0, max_value=MAX_QUANTITY, label=_("Stock at least")
    )
    quantity_max = IntegerFilter(
        field_name="quantity", lookup_expr="lte", min_value=0, max_value=MAX_QUANTITY, label=_("Stock at most")
    )
    parameter_name = django_filters.CharFilter(method="filter_parameter", label=_("Has a parameter of this name"))
    parameter_value = django_filters.CharFilter(method="filter_parameter", label=_("Has a parameter with this value"))

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
