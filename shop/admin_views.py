"""Order work in the admin: the order page (items grouped by shipment, valid moves only, timeline, notes),
the confirmed moves of a shipment or of the whole order, undo, notes and the printable packing slip.

Orders are never edited through a form: every move goes through shop.services.orders, which enforces the
pipeline, records the history, returns stock on cancel and e-mails the customer.
"""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib.admin.utils import quote
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import InspectView

from core.errors import DomainError

from . import selectors
from .carriers import Carrier
from .models import Order, Shipment, lines_total
from .order_status import ShipmentStatus, allowed_next_statuses
from .services.orders import (
    add_order_note,
    change_order_status,
    change_shipment_status,
    undo_last_shipment_move,
    undoable_move,
)

# What a shipment's button says: the action the manager takes, not the status the shipment lands in.
SHIPMENT_ACTIONS: dict[str, str] = {
    ShipmentStatus.CONFIRMED: gettext_lazy("Confirm"),
    ShipmentStatus.ASSEMBLED: gettext_lazy("Assemble"),
    ShipmentStatus.SENT: gettext_lazy("Send"),
    ShipmentStatus.DELIVERED: gettext_lazy("Mark as delivered"),
    ShipmentStatus.CANCELED: gettext_lazy("Cancel shipment"),
}


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(label=gettext_lazy("New status"), choices=ShipmentStatus.choices)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SendForm(MoveForm):
    """Sending a shipment: the customer follows the parcel by its tracking number, so one is required; the carrier
    (optional) turns it into a link to the carrier's tracking page."""

    tracking_number = forms.CharField(
        label=gettext_lazy("Tracking number"),
        max_length=Shipment._meta.get_field("tracking_number").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    carrier = forms.ChoiceField(label=gettext_lazy("Carrier"), choices=[("", "—"), *Carrier.choices], required=False)


class NoteForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Internal note"), widget=forms.Textarea(attrs={"rows": 3}))


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    who: object
    kind: str  # "order", "shipment" or "note"
    subject: str
    text: str


def timeline(order: Order, shipments: list[Shipment]) -> list[TimelineEntry]:
    """The order's status history, every shipment's moves and the staff's notes, oldest first."""
    entries = [
        TimelineEntry(
            change.changed_at,
            change.changed_by,
            "order",
            str(order),
            f"{change.get_from_status_display() or '—'} → {change.get_to_status_display()}",
        )
        for change in order.status_changes.all()
    ]
    for shipment in shipments:
        for change in shipment.status_changes.all():
            arrow = f"{change.get_from_status_display() or '—'} → {change.get_to_status_display()}"
            if change.undoes_id:
                arrow = _("Undo of the last move: %(move)s") % {"move": arrow}
            text = f"{arrow}: {change.note}" if change.note else arrow
            entries.append(TimelineEntry(change.changed_at, change.changed_by, "shipment", shipment.shop.name, text))
    entries += [TimelineEntry(note.created_at, note.author, "note", _("Note"), note.text) for note in order.notes.all()]
    return sorted(entries, key=lambda entry: entry.when)


class OrderIndexView(SnippetIndexView):
    """Rows open the order page, not an edit form; the search box finds orders by number ("3" or "#3"),
    customer name, e-mail, phone or SKU."""

    def get_edit_url(self, instance):
        return None

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return selectors.search_orders(queryset, self.search_query)


def undo_label(user, shipment: Shipment) -> str | None:
    """The undo button's words, naming the move it takes back ("Undo the last move: Sent → Assembled"), or None
    when `user` may not undo the shipment's last move."""
    move = undoable_move(user=user, moves=list(shipment.status_changes.all()))
    if move is None:
        return None
    return _("Undo the last move: %(from)s → %(to)s") % {
        "from": move.get_to_status_display(),
        "to": move.get_from_status_display(),
    }


class OrderInspectView(InspectView):
    template_name = "shop/admin/order_inspect.html"
    page_title = gettext_lazy("Order details")
    url_names: dict[str, str] = {}

    def get_object(self, queryset=None):
        return get_object_or_404(selectors.admin_order_detail(), pk=self.pk)

    def get_edit_url(self):
        return None

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        can_change = self.user_has_permission("change")
        shipments = list(order.shipments.all())
        groups = [
            {
                "shipment": shipment,
                "items": list(shipment.items.all()),
                "total_price": lines_total(shipment.items.all()),
                "transitions": allowed_next_statuses(shipment.status) if can_change else [],
                "undo": undo_label(self.request.user, shipment) if can_change else None,
                "move_url": reverse(self.url_names["shipment_move"], args=(quote(shipment.pk),)),
                "undo_url": reverse(self.url_names["shipment_undo"], args=(quote(shipment.pk),)),
                "slip_url": reverse(self.url_names["packing_slip"], args=(quote(shipment.pk),)),
            }
            for shipment in shipments
        ]
        for group in groups:
            group["actions"] = [(status, SHIPMENT_ACTIONS[status]) for status in group["transitions"]]
        items = [item for group in groups for item in group["items"]]
        context.update(
            groups=groups,
            total_price=lines_total(items),
            total_quantity=sum(item.quantity for item in items),
            timeline=timeline(order, shipments),
            can_cancel=can_change and any(ShipmentStatus.CANCELED in group["transitions"] for group in groups),
            order_move_url=reverse(self.url_names["order_move"], args=(quote(order.pk),)),
            note_url=reverse(self.url_names["note"], args=(quote(order.pk),)),
            note_form=NoteForm() if can_change else None,
        )
        return context


class OrderActionView(PermissionCheckedMixin, View):
    """The common ground of the order page's actions: permission, the order page to go back to, and
    domain errors shown as a message instead of a 4xx page."""

    model = Order
    permission_required = "change"
    inspect_url_name = None

    def back_to(self, order_id: int):
        return redirect(self.inspect_url_name, quote(order_id))

    def run(self, request, action, success) -> bool:
        """`success`: the message, or a function of what `action` returned that words it."""
        try:
            result = action()
        except DomainError as error:
            messages.error(request, str(error))
            return False
        messages.success(request, success(result) if callable(success) else success)
        return True


class MoveView(OrderActionView):
    """GET asks for confirmation (and an optional note); POST makes the move."""

    http_method_names = ["get", "post"]
    template_name = "shop/admin/confirm_move.html"

    def target(self, pk: int) -> tuple[Order, Shipment | None]:
        raise NotImplementedError

    def move(self, request, order: Order, shipment: Shipment | None, data: dict) -> None:
        raise NotImplementedError

    def form_class(self, to_status: str) -> type[MoveForm]:
        return MoveForm

    def confirmation(self, request, order: Order, shipment: Shipment | None, form: MoveForm, to_status: str):
        return TemplateResponse(
            request,
            self.template_name,
            {
                "order": order,
                "shipment": shipment,
                "to_status": ShipmentStatus(to_status),
                # The order-wide move (cancelling every shipment) and a bare status have no action of their own.
                "action": SHIPMENT_ACTIONS.get(to_status, _("Confirm")) if shipment else _("Confirm"),
                "form": form,
                "action_url": request.path,
                "back_url": reverse(self.inspect_url_name, args=(quote(order.pk),)),
            },
            status=400 if form.is_bound else 200,
        )

    def requested_status(self, request, data) -> str | None:
        status_form = MoveForm(data)
        if status_form.is_valid():
            return status_form.cleaned_data["to_status"]
        messages.error(request, _("Choose a valid status."))
        return None

    def get(self, request, pk: int):
        order, shipment = self.target(pk)
        to_status = self.requested_status(request, request.GET)
        if to_status is None:
            return self.back_to(order.pk)
        return self.confirmation(
            request, order, shipment, self.form_class(to_status)(initial={"to_status": to_status}), to_status
        )

    def post(self, request, pk: int):
        order, shipment = self.target(pk)
        to_status = self.requested_status(request, request.POST)
        if to_status is None:
            return self.back_to(order.pk)
        form = self.form_class(to_status)(request.POST)
        if not form.is_valid():
            return self.confirmation(request, order, shipment, form, to_status)
        self.run(
            request,
            lambda: self.move(request, order, shipment, form.cleaned_data),
            _("%(what)s is now “%(status)s”; the customer is being e-mailed.")
            % {"what": shipment or order, "status": ShipmentStatus(to_status).label},
        )
        return self.back_to(order.pk)


class OrderTransitionView(MoveView):
    """Moves every shipment of the order that can make the move (cancelling: every one not yet sent)."""

    def target(self, pk: int) -> tuple[Order, None]:
        return get_object_or_404(Order, pk=pk), None

    def move(self, request, order, shipment, data) -> None:
        change_order_status(order_id=order.pk, to_status=data["to_status"], changed_by=request.user, note=data["note"])


class ShipmentTransitionView(MoveView):
    def target(self, pk: int) -> tuple[Order, Shipment]:
        shipment = get_object_or_404(Shipment.objects.select_related("order", "shop"), pk=pk)
        return shipment.order, shipment

    def form_class(self, to_status: str) -> type[MoveForm]:
        return SendForm if to_status == ShipmentStatus.SENT else MoveForm

    def move(self, request, order, shipment, data) -> None:
        change_shipment_status(
            shipment_id=shipment.pk,
            to_status=data["to_status"],
            changed_by=request.user,
            note=data["note"],
            tracking_number=data.get("tracking_number", ""),
            carrier=data.get("carrier", ""),
        )


class ShipmentUndoView(OrderActionView):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        shipment = get_object_or_404(Shipment, pk=pk)
        self.run(
            request,
            lambda: undo_last_shipment_move(shipment_id=shipment.pk, user=request.user),
            lambda undone: (
                _("The last move is undone: %(shipment)s is back in “%(status)s”.")
                % {"shipment": undone, "status": undone.get_status_display()}
            ),
        )
        return self.back_to(shipment.order_id)


class OrderNoteView(OrderActionView):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        order = get_object_or_404(Order, pk=pk)
        form = NoteForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("A note needs some text."))
            return self.back_to(order.pk)
        self.run(
            request,
            lambda: add_order_note(order_id=order.pk, author=request.user, text=form.cleaned_data["text"]),
            _("The note is added."),
        )
        return self.back_to(order.pk)


class PackingSlipView(PermissionCheckedMixin, View):
    """A shipment's packing slip, laid out for the printer (HTML; the browser prints or saves it as PDF)."""

    model = Order
    any_permission_required = ["change", "view"]
    http_method_names = ["get"]

    def get(self, request, pk: int):
        shipment = get_object_or_404(selectors.packing_slip_shipment(), pk=pk)
        return TemplateResponse(request, selectors.PACKING_SLIP_TEMPLATE, selectors.packing_slip(shipment))
