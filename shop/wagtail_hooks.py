"""Back office for the shop: the Catalogue and Sales menus, the order page and the bulk status change.

Every list is searchable, filterable, sortable and exportable to CSV/XLSX; list querysets join or
annotate what the columns show, so a page costs the same number of queries whatever its size.
"""

import django_filters
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from accounts.wagtail_hooks import CustomerViewSet
from core.money import format_money

from . import admin_suppliers
from .admin_views import (
    OrderIndexView,
    OrderInspectView,
    OrderNoteView,
    OrderTransitionView,
    PackingSlipView,
    ShipmentTransitionView,
    ShipmentUndoView,
)
from .bulk_actions import MoveOrdersBulkAction
from .models import DELIVERY_FIELDS, Category, Contact, Offer, Order, OrderItem, Parameter, Product, SearchSynonym, Shop
from .order_status import OrderStatus
from .search import search_products
from .services.catalogue import request_product_image_renditions


class BaseFilterSet(WagtailFilterSet):
    """Shared widgets: booleans as radio buttons (Wagtail's defaults) and dates as ranges."""

    @classmethod
    def filter_for_lookup(cls, field, lookup_type):
        filter_class, params = super().filter_for_lookup(field, lookup_type)
        if lookup_type == "range":
            params.setdefault("widget", DateRangePickerWidget)
        return filter_class, params


class ShopEditView(EditView):
    """The shop's page links to its supplier users (invitations) for staff allowed to invite them."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.request.user.has_perm(admin_suppliers.INVITE_PERMISSION):
            url = reverse(admin_suppliers.URL_NAME, args=[self.object.pk])
            buttons.append(Button(_("Supplier users"), url=url, icon_name="group", priority=30))
        return buttons


class ShopViewSet(SnippetViewSet):
    model = Shop
    icon = "site"
    menu_label = _("Shops")
    list_display = ["name", "slug", "owner", BooleanColumn("accepts_orders", label=_("Accepts orders")), "created_at"]
    list_filter = ["accepts_orders"]
    list_export = ["name", "slug", "owner", "email", "accepts_orders", "source_file", "created_at"]
    export_filename = "shops"
    search_fields = ["name", "slug"]
    search_backend_name = None
    panels = ["name", "slug", "owner", "email", "accepts_orders", "source_file"]
    edit_view_class = ShopEditView

    def get_queryset(self, request):
        return Shop.objects.select_related("owner")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("suppliers/<int:pk>/", admin_suppliers.suppliers, name="suppliers"),
            path("suppliers/<int:pk>/<int:member_pk>/resend/", admin_suppliers.resend, name="supplier_resend"),
            path("suppliers/<int:pk>/<int:member_pk>/revoke/", admin_suppliers.revoke, name="supplier_revoke"),
        ]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["name", "description", Column("product_count", label=_("Products"), sort_key="product_count")]
    list_filter = ["shops"]
    list_export = ["name", "description", "product_count"]
    export_headings = {"product_count": _("Products")}
    export_filename = "categories"
    search_fields = ["name", "description"]
    search_backend_name = None
    panels = ["name", "description", "shops"]

    def get_queryset(self, request):
        return Category.objects.annotate(product_count=Count("products"))


class ProductSearchIndexView(SnippetIndexView):
    """The product list searched like the storefront: stemming, typos, synonyms, shops, parameter values."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        found = search_products(queryset, self.search_query)
        return found if self.is_explicitly_ordered else found.order_by("-relevance", "name", "pk")


class OfferSearchIndexView(SnippetIndexView):
    """Offers of the products the storefront search finds, or the offer with that external id."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        products = search_products(Product.objects.all(), self.search_query).values("pk")
        return queryset.filter(Q(product__in=products) | Q(external_id__iexact=self.search_query.strip()))


class ProductFilterSet(BaseFilterSet):
    has_image = django_filters.BooleanFilter(
        label=_("Has an image"), field_name="image", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Product
        fields = ["category"]


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "pick"
    index_view_class = ProductSearchIndexView
    menu_label = _("Products")
    list_display = ["name", "category", "image", Column("offer_count", label=_("Offers"), sort_key="offer_count")]
    filterset_class = ProductFilterSet
    list_export = ["name", "category", "description", "image", "offer_count"]
    export_headings = {"offer_count": _("Offers")}
    export_filename = "products"
    search_fields = ["name", "description", "category__name"]
    search_backend_name = None
    panels = ["name", "category", "description", FieldPanel("image")]

    def get_queryset(self, request):
        return Product.objects.select_related("category", "image").annotate(offer_count=Count("offers"))


class OfferFilterSet(BaseFilterSet):
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), field_name="product__category", queryset=Category.objects.all()
    )
    in_stock = django_filters.BooleanFilter(label=_("In stock"), method="filter_in_stock")
    above_rrc = django_filters.BooleanFilter(label=_("Priced above RRC"), method="filter_above_rrc")

    class Meta:
        model = Offer
        fields = ["shop", "is_active"]

    def filter_in_stock(self, queryset, name, value):
        return queryset.in_stock() if value else queryset.filter(quantity=0)

    def filter_above_rrc(self, queryset, name, value):
        return queryset.above_rrc(value)


class OfferViewSet(SnippetViewSet):
    model = Offer
    icon = "tag"
    index_view_class = OfferSearchIndexView
    menu_label = _("Offers")
    list_display = [
        "name",
        "shop",
        "product",
        Column("product.category", label=_("Category"), sort_key="product__category__name"),
        "price",
        Column("price_rrc", label=_("RRC"), sort_key="price_rrc"),
        Column("quantity", label=_("Quantity"), sort_key="quantity"),
        BooleanColumn("is_active", label=_("Active")),
        DateColumn("updated_at", label=_("Updated"), sort_key="updated_at"),
    ]
    filterset_class = OfferFilterSet
    list_export = [
        "id",
        "shop",
        "product",
        "product.category",
        "name",
        "external_id",
        "price",
        "price_rrc",
        "quantity",
        "is_active",
        "updated_at",
    ]
    export_headings = {"product.category": _("Category")}
    export_filename = "offers"
    search_fields = ["name", "external_id", "product__name"]
    search_backend_name = None
    panels = [
        MultiFieldPanel(["shop", "product", "name", "external_id", "description"], heading=_("Offer")),
        FieldRowPanel(["price", "price_rrc", "quantity"], heading=_("Price and stock")),
        "is_active",
        InlinePanel("offer_parameters", heading=_("Parameters"), label=_("Parameter"), panels=["parameter", "value"]),
    ]

    def get_queryset(self, request):
        return Offer.objects.select_related("shop", "product__category")


class ParameterViewSet(SnippetViewSet):
    model = Parameter
    icon = "list-ul"
    menu_label = _("Parameters")
    list_display = ["name", Column("offer_count", label=_("Offers"), sort_key="offer_count")]
    list_export = ["name", "offer_count"]
    export_headings = {"offer_count": _("Offers")}
    export_filename = "parameters"
    search_fields = ["name"]
    search_backend_name = None
    panels = ["name"]

    def get_queryset(self, request):
        return Parameter.objects.annotate(offer_count=Count("offer_parameters"))


class SearchSynonymViewSet(SnippetViewSet):
    """Merchandisers teach the storefront search shoppers' words; a change applies to the next search."""

    model = SearchSynonym
    icon = "search"
    menu_label = _("Search synonyms")
    list_display = ["term", "expansions"]
    list_export = ["term", "expansions"]
    export_filename = "search-synonyms"
    search_fields = ["term", "expansions"]
    search_backend_name = None
    panels = ["term", "expansions"]


class CatalogueGroup(SnippetViewSetGroup):
    menu_label = _("Catalogue")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (ShopViewSet, CategoryViewSet, ProductViewSet, OfferViewSet, ParameterViewSet, SearchSynonymViewSet)


class OrderFilterSet(BaseFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OrderStatus.choices)
    created_at = django_filters.DateFromToRangeFilter(label=_("Created"))
    shop = django_filters.ModelChoiceFilter(
        label=_("Shop"), field_name="items__shop", queryset=Shop.objects.all(), distinct=True
    )

    class Meta:
        model = Order
        fields = ["status", "created_at", "shop"]


class MoneyColumn(Column):
    """An amount with its currency, as core.money writes it."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return "" if value is None else format_money(value)


class OrderPermissionPolicy(ModelPermissionPolicy):
    """Orders come from checkouts only and are cancelled, never deleted: nobody may add or delete one here."""

    FORBIDDEN = frozenset({"add", "delete"})

    def user_has_permission(self, user, action):
        return action not in self.FORBIDDEN and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action not in self.FORBIDDEN])


register_permission_policy(Order, OrderPermissionPolicy(Order), exact_class=True)


class OrderViewSet(SnippetViewSet):
    """Orders are read here and moved along the pipeline, shipment by shipment, never edited or deleted."""

    model = Order
    icon = "form"
    menu_label = _("Orders")
    index_view_class = OrderIndexView
    index_template_name = "shop/admin/order_index.html"
    inspect_view_class = OrderInspectView
    inspect_view_enabled = True
    list_display = [
        "__str__",
        "user",
        Column("delivery_name", label=_("Deliver to")),
        "status",
        MoneyColumn("total_price", label=_("Total"), sort_key="total_price"),
        DateColumn("created_at", label=_("Created"), sort_key="created_at"),
    ]
    filterset_class = OrderFilterSet
    list_export = [
        "id",
        "user.email",
        "delivery_name",
        "delivery_phone",
        "delivery_address",
        "get_status_display",
        "lines_summary",
        "total_price",
        "created_at",
        "updated_at",
    ]
    export_headings = {
        "id": _("Order number"),
        "get_status_display": _("Status"),
        "user.email": _("Customer e-mail"),
        "delivery_name": _("Deliver to"),
        "delivery_phone": _("Phone"),
        "delivery_address": _("Address"),
        "lines_summary": _("Items"),
        "total_price": _("Total"),
    }
    export_filename = "orders"
    # The search itself is OrderIndexView.search_queryset; this turns the search box on.
    search_fields = ["delivery_last_name"]
    search_backend_name = None
    panels = [
        FieldPanel("user", read_only=True),
        FieldPanel("contact", read_only=True),
        FieldPanel("status", read_only=True),
    ]

    def get_queryset(self, request):
        return (
            Order.objects.select_related("user")
            .prefetch_related(Prefetch("items", queryset=OrderItem.objects.order_by("id")))
            .with_total()
        )

    def get_permissions_to_register(self):
        content_type = ContentType.objects.get_for_model(Order)
        return Permission.objects.filter(content_type=content_type, codename__in=["change_order", "view_order"])

    def get_inspect_view_kwargs(self, **kwargs):
        url_names = {
            name: self.get_url_name(name)
            for name in ("order_move", "shipment_move", "shipment_undo", "note", "packing_slip")
        }
        return super().get_inspect_view_kwargs(url_names=url_names, **kwargs)

    def _action_view(self, view_class):
        return self.construct_view(view_class, inspect_url_name=self.get_url_name("inspect"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("transition/<int:pk>/", self._action_view(OrderTransitionView), name="order_move"),
            path("shipment/<int:pk>/move/", self._action_view(ShipmentTransitionView), name="shipment_move"),
            path("shipment/<int:pk>/undo/", self._action_view(ShipmentUndoView), name="shipment_undo"),
            path("shipment/<int:pk>/packing-slip/", self.construct_view(PackingSlipView), name="packing_slip"),
            path("note/<int:pk>/", self._action_view(OrderNoteView), name="note"),
        ]


class ContactViewSet(SnippetViewSet):
    model = Contact
    icon = "user"
    menu_label = _("Contacts")
    list_display = [
        "__str__",
        "user",
        "email",
        "phone",
        BooleanColumn("is_confirmed", label=_("Confirmed")),
        "created_at",
    ]
    list_filter = ["is_confirmed", "city"]
    list_export = [
        "user.email",
        *DELIVERY_FIELDS,
        "is_confirmed",
    ]
    export_headings = {"user.email": _("Customer e-mail")}
    export_filename = "contacts"
    search_fields = ["first_name", "last_name", "email", "phone", "city", "street"]
    search_backend_name = None
    panels = [
        FieldPanel("user", read_only=True),
        FieldRowPanel(["first_name", "last_name"]),
        FieldRowPanel(["email", "phone"]),
        FieldRowPanel(["city", "street", "house"]),
        FieldRowPanel(["structure", "building", "apartment"]),
        "is_confirmed",
    ]

    def get_queryset(self, request):
        return Contact.objects.select_related("user")


class SalesGroup(SnippetViewSetGroup):
    menu_label = _("Sales")
    menu_icon = "form"
    menu_order = 210
    items = (OrderViewSet, CustomerViewSet, ContactViewSet)


register_snippet(CatalogueGroup)
register_snippet(SalesGroup)
hooks.register("register_bulk_action", MoveOrdersBulkAction)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def render_product_picture_in_background(request, instance) -> None:
    """A picture chosen in the admin reaches the storefront like an uploaded one: renditions made by Celery."""
    if isinstance(instance, Product):
        request_product_image_renditions(product=instance)


@hooks.register("insert_global_admin_css")
def shop_admin_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', versioned_static("shop/admin.css"))
