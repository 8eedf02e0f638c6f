"""Reports on the offers: low stock (threshold from the store settings) and priced above the RRC; both exportable."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from core.money import format_money
from core.store_settings import low_stock_threshold
from shop.models import Offer

from .selectors import low_stock_offers, offers_above_rrc


class MoneyColumn(Column):
    def get_value(self, instance) -> str:
        return format_money(super().get_value(instance))


OFFER_COLUMNS = [
    Column("name", label=_("Offer")),
    Column("shop", label=_("Shop")),
    Column("product", label=_("Product")),
    MoneyColumn("price", label=_("Price")),
    MoneyColumn("price_rrc", label=_("RRC")),
    Column("quantity", label=_("Quantity")),
]
OFFER_EXPORT = ["id", "shop", "product", "product.category", "name", "external_id", "price", "price_rrc", "quantity"]


class OfferReportView(ReportView):
    header_icon = "tag"
    permission_policy = ModelPermissionPolicy(Offer)
    any_permission_required = ["view", "change"]
    list_export = OFFER_EXPORT
    export_headings = {"product.category": _("Category"), "price_rrc": _("RRC")}
    columns = OFFER_COLUMNS


class LowStockReportView(OfferReportView):
    page_title = _("Low stock")
    index_url_name = "backoffice_reports:low_stock"
    index_results_url_name = "backoffice_reports:low_stock_results"
    export_filename = "low-stock-offers"

    def get_queryset(self):
        return low_stock_offers(threshold=low_stock_threshold(self.request))


class AboveRrcReportView(OfferReportView):
    page_title = _("Priced above RRC")
    index_url_name = "backoffice_reports:above_rrc"
    index_results_url_name = "backoffice_reports:above_rrc_results"
    export_filename = "offers-above-rrc"
    columns = [*OFFER_COLUMNS, Column("excess", label=_("Above RRC by"))]
    list_export = [*OFFER_EXPORT, "excess"]
    export_headings = {**OfferReportView.export_headings, "excess": _("Above RRC by")}

    def get_queryset(self):
        return offers_above_rrc()
