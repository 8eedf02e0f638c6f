from django.urls import path

from .views import cart, catalogue, contacts, orders, supplier

app_name = "shop-api"

contact_views = contacts.CustomerContactViewSet
order_views = orders.CustomerOrderViewSet

# The paths are the public contract (docs/API.md); the views behind them use the code's names.
urlpatterns = [
    path("product-infos/", catalogue.CatalogueOfferViewSet.as_view({"get": "list"}), name="offer-list"),
    path("products/", catalogue.CatalogueProductListViewSet.as_view({"get": "list"}), name="product-list"),
    path(
        "products/facets/",
        catalogue.CatalogueProductListViewSet.as_view({"get": "facets"}),
        name="product-facets",
    ),
    path("suggestions/", catalogue.SuggestionsView.as_view(), name="suggestions"),
    path("products/<int:pk>/", catalogue.CatalogueProductViewSet.as_view({"get": "retrieve"}), name="product-detail"),
    path("products/<int:pk>/image-upload/", catalogue.ProductImageUploadView.as_view(), name="product-image-upload"),
    path("categories/", catalogue.CatalogueCategoryViewSet.as_view({"get": "list"}), name="category-list"),
    path("shops/", catalogue.CatalogueShopViewSet.as_view({"get": "list"}), name="shop-list"),
    path("cart/", cart.CartView.as_view(), name="cart"),
    path("cart/add/", cart.CartAddView.as_view(), name="cart-add"),
    path("cart/merge/", cart.CartMergeView.as_view(), name="cart-merge"),
    path("cart/item/<int:pk>/", cart.CartItemView.as_view(), name="cart-item"),
    path("contacts/", contact_views.as_view({"get": "list", "post": "create"}), name="contact-list"),
    path(
        "contacts/<int:pk>/",
        contact_views.as_view({"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}),
        name="contact-detail",
    ),
    path(
        "send-contact-confirmation/",
        contacts.SendContactConfirmationView.as_view(),
        name="send-contact-confirmation",
    ),
    path("confirm-contact/<uuid:token>/", contacts.ConfirmContactView.as_view(), name="confirm-contact"),
    path("confirm-order/", orders.ConfirmOrderView.as_view(), name="confirm-order"),
    path("orders/", order_views.as_view({"get": "list"}), name="order-list"),
    path("orders/<int:pk>/", order_views.as_view({"get": "retrieve"}), name="order-detail"),
    path("orders/<int:pk>/cancel/", order_views.as_view({"post": "cancel"}), name="order-cancel"),
    path("partner/state/", supplier.SupplierAcceptsOrdersView.as_view(), name="partner-state"),
    path("partner/orders/", supplier.SupplierOrderListView.as_view(), name="partner-orders"),
    path("partner/shipments/", supplier.SupplierShipmentListView.as_view(), name="partner-shipments"),
    path(
        "partner/shipments/<int:pk>/status/",
        supplier.SupplierShipmentStatusView.as_view(),
        name="partner-shipment-status",
    ),
]
