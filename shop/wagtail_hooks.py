"""Back office, first version: catalogue and sales models listed, searchable and filterable."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Category, Contact, Offer, Order, Parameter, Product, Shop


class ShopViewSet(SnippetViewSet):
    model = Shop
    icon = "site"
    list_display = ["name", "slug", "owner", "accepts_orders", "source_file"]
    list_filter = ["accepts_orders"]
    search_fields = ["name", "slug"]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    list_display = ["name", "description"]
    list_filter = ["shops"]
    search_fields = ["name"]


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "pick"
    list_display = ["name", "category"]
    list_filter = ["category"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return Product.objects.select_related("category")


class OfferViewSet(SnippetViewSet):
    model = Offer
    icon = "tag"
    list_display = ["name", "shop", "product", "price", "price_rrc", "quantity", "is_active"]
    list_filter = ["shop", "is_active", "product__category"]
    search_fields = ["name", "external_id"]

    def get_queryset(self, request):
        return Offer.objects.select_related("shop", "product")


class ParameterViewSet(SnippetViewSet):
    model = Parameter
    icon = "list-ul"
    list_display = ["name"]
    search_fields = ["name"]


class CatalogueGroup(SnippetViewSetGroup):
    menu_label = _("Catalogue")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (ShopViewSet, CategoryViewSet, ProductViewSet, OfferViewSet, ParameterViewSet)


class OrderViewSet(SnippetViewSet):
    model = Order
    icon = "form"
    list_display = ["__str__", "user", "status", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["user__email", "contact__last_name"]

    def get_queryset(self, request):
        return Order.objects.select_related("user")


class ContactViewSet(SnippetViewSet):
    model = Contact
    icon = "user"
    list_display = ["__str__", "user", "phone", "is_confirmed"]
    list_filter = ["is_confirmed", "city"]
    search_fields = ["first_name", "last_name", "email", "phone", "city"]

    def get_queryset(self, request):
        return Contact.objects.select_related("user")


class SalesGroup(SnippetViewSetGroup):
    menu_label = _("Sales")
    menu_icon = "form"
    menu_order = 210
    items = (OrderViewSet, ContactViewSet)


register_snippet(CatalogueGroup)
register_snippet(SalesGroup)
