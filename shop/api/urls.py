from django.urls import path

from . import views

app_name = "shop-api"

contacts = views.ContactViewSet
orders = views.OrderViewSet

urlpatterns = [
    path("product-infos/", views.OfferViewSet.as_view({"get": "list"}), name="offer-list"),
    path("products/<int:pk>/", views.ProductViewSet.as_view({"get": "retrieve"}), name="product-detail"),
    path("products/<int:pk>/image-upload/", views.ProductImageUploadView.as_view(), name="product-image-upload"),
    path("categories/", views.CategoryViewSet.as_view({"get": "list"}), name="category-list"),
    path("shops/", views.ShopViewSet.as_view({"get": "list"}), name="shop-list"),
    path("cart/", views.CartView.as_view(), name="cart"),
    path("cart/add/", views.CartAddView.as_view(), name="cart-add"),
    path("cart/item/<int:pk>/", views.CartItemView.as_view(), name="cart-item"),
    path("contacts/", contacts.as_view({"get": "list", "post": "create"}), name="contact-list"),
    path(
        "contacts/<int:pk>/",
        contacts.as_view({"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}),
        name="contact-detail",
    ),
    path("send-contact-confirmation/", views.SendContactConfirmationView.as_view(), name="send-contact-confirmation"),
    path("confirm-contact/<uuid:token>/", views.ConfirmContactView.as_view(), name="confirm-contact"),
    path("confirm-order/", views.ConfirmOrderView.as_view(), name="confirm-order"),
    path("orders/", orders.as_view({"get": "list"}), name="order-list"),
    path("orders/<int:pk>/", orders.as_view({"get": "retrieve"}), name="order-detail"),
    path("orders/<int:pk>/cancel/", orders.as_view({"post": "cancel"}), name="order-cancel"),
    path("partner/state/", views.PartnerStateView.as_view(), name="partner-state"),
    path("partner/orders/", views.PartnerOrderListView.as_view(), name="partner-orders"),
]
