"""The Customers list of the admin. It sits in the shop's Sales menu group, which imports it from here.

Order counts come through the `orders` reverse relation by name, so accounts needs nothing from shop.
"""

import django_filters
from django.contrib.admin.utils import unquote
from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic import DeleteView, EditView, HistoryView, InspectView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet

from .models import User, UserType


class CustomerFilterSet(WagtailFilterSet):
    date_joined = django_filters.DateFromToRangeFilter(label=_("Joined"))

    class Meta:
        model = User
        fields = ["is_active", "date_joined"]


def customers():
    """Client accounts; a staff member or superuser is never one, whatever its type."""
    return User.objects.filter(user_type=UserType.CLIENT, is_staff=False, is_superuser=False)


class CustomersOnlyMixin:
    """A page about one account opens for customers only: suppliers and staff are managed elsewhere (404)."""

    def setup(self, request, *args, **kwargs):
        if not customers().filter(pk=unquote(str(kwargs["pk"]))).exists():
            raise Http404
        super().setup(request, *args, **kwargs)


class CustomerEditView(CustomersOnlyMixin, EditView):
    pass


class CustomerInspectView(CustomersOnlyMixin, InspectView):
    pass


class CustomerDeleteView(CustomersOnlyMixin, DeleteView):
    pass


class CustomerHistoryView(CustomersOnlyMixin, HistoryView):
    pass


class CustomerUsageView(CustomersOnlyMixin, UsageView):
    pass


class CustomerViewSet(ModelViewSet):
    """The people who buy: accounts of type client, with how much they ordered."""

    model = User
    name = "customers"
    icon = "group"
    menu_label = _("Customers")
    inspect_view_enabled = True
    # A copy would be a new account without an e-mail.
    copy_view_enabled = False
    edit_view_class = CustomerEditView
    inspect_view_class = CustomerInspectView
    delete_view_class = CustomerDeleteView
    history_view_class = CustomerHistoryView
    usage_view_class = CustomerUsageView
    list_display = [
        "email",
        "first_name",
        "last_name",
        BooleanColumn("is_active", label=_("Active")),
        Column("order_count", label=_("Orders"), sort_key="order_count"),
        DateColumn("date_joined", label=_("Joined"), sort_key="date_joined"),
    ]
    filterset_class = CustomerFilterSet
    list_export = ["email", "first_name", "last_name", "is_active", "order_count", "date_joined"]
    export_headings = {"order_count": _("Orders")}
    export_filename = "customers"
    search_fields = ["email", "first_name", "last_name"]
    search_backend_name = None
    form_fields = ["first_name", "last_name", "is_active"]

    def get_index_view_kwargs(self, **kwargs):
        with_order_counts = customers().annotate(order_count=Count("orders"))
        return super().get_index_view_kwargs(queryset=with_order_counts, add_url_name=None, **kwargs)

    def get_urlpatterns(self):
        """No "add" page: customers register themselves (storefront, Google/GitHub) with an e-mail they confirm,
        so no account without an address is made here; suppliers are invited from their shop's page."""
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "add"]
