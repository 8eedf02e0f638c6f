"""The supplier's offers: search, filters, export; price, RRC, stock and visibility edited per offer, each
change recorded (shop.services.offers) and shown on the offer's page."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn

from shop.models import Offer, OfferChange
from shop.services.offers import EDITABLE_TERMS, update_offer_terms

from .access import ScopedEditView, ScopedIndexView, ScopedInspectView, workspace_shop
from .viewsets import WorkspaceViewSet


class OwnOfferFilterSet(WagtailFilterSet):
    in_stock = django_filters.BooleanFilter(label=_("In stock"), method="filter_in_stock")
    above_rrc = django_filters.BooleanFilter(label=_("Priced above RRC"), method="filter_above_rrc")

    class Meta:
        model = Offer
        fields = ["is_active"]

    def filter_in_stock(self, queryset, name, value):
        return queryset.in_stock() if value else queryset.filter(quantity=0)

    def filter_above_rrc(self, queryset, name, value):
        return queryset.above_rrc(value)


class OwnOfferIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("product__category")


class OwnOfferInspectView(ScopedInspectView):
    template_name = "backoffice/workspace/offer_inspect.html"

    def get_context_data(self, **kwargs):
        changes = OfferChange.objects.filter(offer=self.object).select_related("changed_by")[:50]
        return {**super().get_context_data(**kwargs), "changes": changes}


class OwnOfferEditView(ScopedEditView):
    def save_instance(self):
        update_offer_terms(
            offer_id=self.object.pk,
            shop=workspace_shop(self.request),
            changed_by=self.request.user,
            terms={term: self.form.cleaned_data[term] for term in EDITABLE_TERMS},
        )
        return self.get_object()


class OwnOfferViewSet(WorkspaceViewSet):
    model = Offer
    name = "workspace_offers"
    url_prefix = "my-shop/offers"
    icon = "tag"
    menu_label = _("Offers")
    actions = frozenset({"view", "change"})
    index_view_class = OwnOfferIndexView
    inspect_view_class = OwnOfferInspectView
    edit_view_class = OwnOfferEditView
    inspect_view_enabled = True
    list_display = [
        "name",
        "product",
        Column("external_id", label=_("SKU")),
        Column("price", label=_("Price"), sort_key="price"),
        Column("price_rrc", label=_("RRC"), sort_key="price_rrc"),
        Column("quantity", label=_("Quantity"), sort_key="quantity"),
        BooleanColumn("is_active", label=_("Active")),
        DateColumn("updated_at", label=_("Updated"), sort_key="updated_at"),
    ]
    filterset_class = OwnOfferFilterSet
    search_fields = ["name", "external_id", "product__name"]
    search_backend_name = None
    list_export = ["id", "external_id", "product", "name", "price", "price_rrc", "quantity", "is_active", "updated_at"]
    export_filename = "my-offers"
    form_fields = list(EDITABLE_TERMS)
    inspect_view_fields = ["product", "name", "external_id", *EDITABLE_TERMS, "updated_at"]
