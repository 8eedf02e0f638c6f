"""Bulk action on the orders list: move every shipment of the selected orders that can go to one status there,
skipping the orders none of whose shipments can."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from .exceptions import InvalidOrderStatus
from .models import Order
from .order_status import ShipmentStatus
from .services.orders import change_order_status


class MoveOrdersForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("Move to"), choices=[choice for choice in ShipmentStatus.choices if choice[0] != ShipmentStatus.NEW]
    )


class MoveOrdersBulkAction(SnippetBulkAction):
    display_name = _("Change status")
    action_type = "move_status"
    aria_label = _("Move the selected orders to another status")
    template_name = "shop/admin/bulk_move_orders.html"
    action_priority = 10
    models = [Order]
    form_class = MoveOrdersForm

    def check_perm(self, order: Order) -> bool:
        return self.permission_policy.user_has_permission_for_instance(self.request.user, "change", order)

    def get_execution_context(self) -> dict:
        self.skipped: list[Order] = []
        return {
            "to_status": self.cleaned_form.cleaned_data["to_status"],
            "user": self.request.user,
            "skipped": self.skipped,
        }

    @classmethod
    def execute_action(cls, objects, to_status: str, user, skipped: list, **kwargs):
        moved = 0
        for order in objects:
            try:
                change_order_status(order_id=order.pk, to_status=to_status, changed_by=user)
            except InvalidOrderStatus:
                skipped.append(order)
            else:
                moved += 1
        return moved, 0

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        status = ShipmentStatus(self.cleaned_form.cleaned_data["to_status"]).label
        if self.skipped:
            messages.warning(
                self.request,
                ngettext(
                    "%(count)d order skipped: it cannot move to “%(status)s” (%(orders)s).",
                    "%(count)d orders skipped: they cannot move to “%(status)s” (%(orders)s).",
                    len(self.skipped),
                )
                % {"count": len(self.skipped), "status": status, "orders": ", ".join(str(o) for o in self.skipped)},
            )
        return ngettext(
            "%(count)d order moved to “%(status)s”.", "%(count)d orders moved to “%(status)s”.", num_parent_objects
        ) % {"count": num_parent_objects, "status": status}
