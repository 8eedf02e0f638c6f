"""Order management in the admin: the order page with its transition buttons, and the transition itself.

Orders are never edited through a form: every status change goes through `change_order_status`, which
enforces the pipeline, records the history, returns stock on cancel and e-mails the customer.
"""

from django import forms
from django.contrib.admin.utils import quote
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.snippets.views.snippets import InspectView

from core.spreadsheets import NeutralisedExportSnippetIndexView

from .exceptions import InvalidOrderStatus
from .models import Order, OrderStatusChange, lines_total
from .order_status import OrderStatus, allowed_next_statuses
from .services.orders import change_order_status


class OrderTransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=gettext_lazy("New status"), choices=OrderStatus.choices)


def move_order(*, request, order: Order, to_status: str) -> bool:
    """Move one order for the signed-in manager; says in a message what happened."""
    try:
        change_order_status(order_id=order.pk, to_status=to_status, changed_by=request.user)
    except InvalidOrderStatus:
        messages.error(
            request,
            _("%(order)s cannot move from “%(from)s” to “%(to)s”.")
            % {"order": order, "from": order.get_status_display(), "to": OrderStatus(to_status).label},
        )
        return False
    return True


class OrderIndexView(NeutralisedExportSnippetIndexView):
    """Rows open the order page, not an edit form."""

    def get_edit_url(self, instance):
        return None


class OrderInspectView(InspectView):
    template_name = "shop/admin/order_inspect.html"
    page_title = gettext_lazy("Order details")
    transition_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(Order.objects.select_related("user", "contact"), pk=self.pk)

    def get_edit_url(self):
        return None

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = list(self.object.items.select_related("shop").order_by("id"))
        can_change = self.user_has_permission("change")
        context.update(
            items=items,
            total_price=lines_total(items),
            total_quantity=sum(item.quantity for item in items),
            history=OrderStatusChange.objects.filter(order=self.object).select_related("changed_by"),
            transitions=allowed_next_statuses(self.object.status) if can_change else [],
            transition_url=reverse(self.transition_url_name, args=(quote(self.object.pk),)),
        )
        return context


class OrderTransitionView(PermissionCheckedMixin, View):
    """POST a `to_status`: the order moves if the pipeline allows it; back to the order page either way."""

    model = Order
    permission_required = "change"
    http_method_names = ["post"]
    inspect_url_name = None

    def post(self, request, pk: int):
        order = get_object_or_404(Order, pk=pk)
        form = OrderTransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a valid status."))
        elif move_order(request=request, order=order, to_status=form.cleaned_data["to_status"]):
            messages.success(
                request,
                _("%(order)s is now “%(status)s”; the customer is being e-mailed.")
                % {"order": order, "status": OrderStatus(form.cleaned_data["to_status"]).label},
            )
        return redirect(self.inspect_url_name, quote(order.pk))
