"""The supplier's shipments: by status, each with its lines and the delivery address, moved to assembled and
sent (the tracking number asked for at "sent") through shop.services.orders, a printable packing slip, and
the list exported to CSV or XLSX."""

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.db.models import OuterRef, Prefetch, Subquery, Sum
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn

from core.errors import DomainError
from core.money import format_money
from shop import selectors as shop_selectors
from shop.managers import line_total
from shop.models import OrderItem, Shipment, lines_total
from shop.order_status import SUPPLIER_TARGETS, ShipmentStatus, allowed_next_statuses
from shop.services.orders import change_shipment_status

from .access import ScopedIndexView, ScopedInspectView, is_workspace_user, workspace_shop
from .viewsets import WorkspaceViewSet


class MoveForm(forms.Form):
    tracking_number = forms.CharField(label=gettext_lazy("Tracking number"), max_length=100, required=False)

    def __init__(self, *args, to_status: str, **kwargs):
        super().__init__(*args, **kwargs)
        # The customer is told the number when the parcel leaves: it is asked for then, not before.
        self.fields["tracking_number"].required = to_status == ShipmentStatus.SENT


class ShipmentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=ShipmentStatus.choices)

    class Meta:
        model = Shipment
        fields = ["status"]


class MoneyColumn(Column):
    def get_value(self, instance):
        value = super().get_value(instance)
        return "" if value is None else format_money(value)


def own_shipments(request):
    """The shop's shipments with their order, lines (this shop's only, by construction), total and size."""
    lines = OrderItem.objects.filter(shipment=OuterRef("pk")).order_by().values("shipment")
    return (
        Shipment.objects.filter(shop=workspace_shop(request))
        .select_related("order")
        .prefetch_related(Prefetch("items", queryset=OrderItem.objects.order_by("id")))
        .annotate(
            total=Subquery(lines.annotate(total=Sum(line_total())).values("total")),
            units=Subquery(lines.annotate(units=Sum("quantity")).values("units")),
        )
    )


class ShipmentIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return own_shipments(self.request).order_by("-created_at", "-id")

    def get_edit_url(self, instance):
        return None


class ShipmentInspectView(ScopedInspectView):
    template_name = "backoffice/workspace/shipment_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(own_shipments(self.request), pk=self.pk)

    def get_edit_url(self):
        return None

    def get_context_data(self, **kwargs):
        shipment = self.object
        items = list(shipment.items.all())
        moves = [status for status in allowed_next_statuses(shipment.status) if status in SUPPLIER_TARGETS]
        return {
            **super().get_context_data(**kwargs),
            "shipment": shipment,
            "order": shipment.order,
            "items": items,
            "total_price": lines_total(items),
            "moves": [
                (ShipmentStatus(status), reverse("workspace_shipments:move", args=[quote(shipment.pk), status]))
                for status in moves
            ],
            "slip_url": reverse("workspace_shipments:packing_slip", args=[quote(shipment.pk)]),
        }


@require_http_methods(["GET", "POST"])
def move(request, pk: int, to_status: str):
    """GET asks for confirmation (and the tracking number at "sent"); POST moves the shipment."""
    if not is_workspace_user(request.user) or to_status not in SUPPLIER_TARGETS:
        return redirect("wagtailadmin_home")
    shipment = get_object_or_404(Shipment.objects.select_related("order"), pk=pk, shop=workspace_shop(request))
    form = MoveForm(request.POST if request.method == "POST" else None, to_status=to_status)
    if request.method == "POST" and form.is_valid():
        try:
            change_shipment_status(
                shipment_id=shipment.pk,
                to_status=to_status,
                tracking_number=form.cleaned_data["tracking_number"],
                changed_by=request.user,
                shop=workspace_shop(request),
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(shipment)s is now “%(status)s”; the customer is being e-mailed.")
                % {"shipment": shipment, "status": ShipmentStatus(to_status).label},
            )
        return redirect("workspace_shipments:inspect", quote(shipment.pk))
    return TemplateResponse(
        request,
        "backoffice/workspace/shipment_move.html",
        {"shipment": shipment, "to_status": ShipmentStatus(to_status), "form": form},
    )


def packing_slip(request, pk: int):
    """The shop's packing slip of its own shipment (the staff's template)."""
    shipment = get_object_or_404(own_shipments(request), pk=pk)
    return TemplateResponse(request, shop_selectors.PACKING_SLIP_TEMPLATE, shop_selectors.packing_slip(shipment))


class OwnShipmentViewSet(WorkspaceViewSet):
    model = Shipment
    name = "workspace_shipments"
    url_prefix = "my-shop/shipments"
    icon = "form"
    menu_label = gettext_lazy("Shipments")
    index_view_class = ShipmentIndexView
    inspect_view_class = ShipmentInspectView
    inspect_view_enabled = True
    list_display = [
        "__str__",
        Column("order.delivery_name", label=gettext_lazy("Deliver to")),
        "status",
        "tracking_number",
        Column("units", label=gettext_lazy("Units")),
        MoneyColumn("total", label=gettext_lazy("Total")),
        DateColumn("created_at", label=gettext_lazy("Created"), sort_key="created_at"),
    ]
    filterset_class = ShipmentFilterSet
    search_fields = ["tracking_number", "order__delivery_last_name", "order__delivery_phone"]
    search_backend_name = None
    list_export = [
        "id",
        "order_id",
        "status",
        "tracking_number",
        "order.delivery_name",
        "order.delivery_phone",
        "order.delivery_address",
        "lines_summary",
        "units",
        "total",
        "created_at",
    ]
    export_headings = {
        "order_id": gettext_lazy("Order"),
        "order.delivery_name": gettext_lazy("Deliver to"),
        "order.delivery_phone": gettext_lazy("Phone"),
        "order.delivery_address": gettext_lazy("Address"),
        "lines_summary": gettext_lazy("Items"),
        "units": gettext_lazy("Units"),
        "total": gettext_lazy("Total"),
    }
    export_filename = "my-shipments"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("move/<int:pk>/<str:to_status>/", move, name="move"),
            path("packing-slip/<int:pk>/", packing_slip, name="packing_slip"),
        ]
