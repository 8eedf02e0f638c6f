"""Shapes of the catalogue, cart, contacts, orders and supplier endpoints (docs/API.md). No business rules here."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.uploads import validate_image_upload

from ..images import rendition_urls
from ..models import (
    Cart,
    CartItem,
    Category,
    Contact,
    Offer,
    OfferParameter,
    Order,
    OrderItem,
    Product,
    Shop,
    lines_total,
)
from ..validators import PHONE_REGEX, validate_phone

MAX_QUANTITY = 2**31 - 1
MAX_ID = 2**63 - 1


class ThumbnailSerializer(serializers.Serializer):
    thumbnail = serializers.CharField(allow_null=True, help_text=_("URL; null until the picture is processed."))


class ProductImageSerializer(ThumbnailSerializer):
    detail = serializers.CharField(allow_null=True, help_text=_("URL; null until the picture is processed."))


class OfferParameterSerializer(serializers.ModelSerializer):
    parameter_name = serializers.CharField(source="parameter.name")

    class Meta:
        model = OfferParameter
        fields = ["parameter_name", "value"]


class OfferListSerializer(serializers.ModelSerializer):
    """An offer in the catalogue list."""

    product_name = serializers.CharField(source="product.name")
    product_category_name = serializers.CharField(source="product.category.name")
    product_description = serializers.CharField(source="product.description")
    shop_name = serializers.CharField(source="shop.name")
    product_parameters = OfferParameterSerializer(source="offer_parameters", many=True)
    image = serializers.SerializerMethodField()

    class Meta:
        model = Offer
        fields = [
            "id",
            "product_id",
            "product_name",
            "product_category_name",
            "product_description",
            "shop_id",
            "shop_name",
            "product_parameters",
            "price",
            "price_rrc",
            "quantity",
            "image",
        ]

    @extend_schema_field(ThumbnailSerializer(allow_null=True))
    def get_image(self, offer: Offer) -> dict | None:
        return rendition_urls(offer.product.image, "thumbnail")


class ProductOfferSerializer(serializers.ModelSerializer):
    shop_name = serializers.CharField(source="shop.name")
    product_parameters = OfferParameterSerializer(source="offer_parameters", many=True)

    class Meta:
        model = Offer
        fields = ["id", "shop_name", "price", "price_rrc", "quantity", "description", "product_parameters"]


class ProductDetailSerializer(serializers.ModelSerializer):
    category_name = serializers.CharField(source="category.name")
    image = serializers.SerializerMethodField()
    product_infos = ProductOfferSerializer(source="visible_offers", many=True)

    class Meta:
        model = Product
        fields = ["id", "name", "category_name", "image", "product_infos"]

    @extend_schema_field(ProductImageSerializer(allow_null=True))
    def get_image(self, product: Product) -> dict | None:
        return rendition_urls(product.image, "thumbnail", "detail")


class ProductImageUploadSerializer(serializers.Serializer):
    original_image = serializers.FileField(help_text=_("JPEG, PNG, WebP or GIF."))

    def validate_original_image(self, upload):
        validate_image_upload(upload)  # Django ValidationError → 400 on this field; UploadTooLarge → 413
        return upload


class ProductImageAcceptedSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    image_id = serializers.IntegerField()
    detail = serializers.CharField()


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "description"]


class ShopSerializer(serializers.ModelSerializer):
    class Meta:
        model = Shop
        fields = ["id", "name", "slug"]


class CartItemSerializer(serializers.ModelSerializer):
    product_info_id = serializers.IntegerField(source="offer_id")
    product_id = serializers.IntegerField(source="offer.product_id", read_only=True)
    product_name = serializers.CharField(source="offer.product.name")
    shop_name = serializers.CharField(source="offer.shop.name")
    price = serializers.DecimalField(source="offer.price", max_digits=12, decimal_places=2)
    available = serializers.IntegerField(source="offer.quantity", read_only=True, help_text="The offer's stock now.")
    total_price = serializers.SerializerMethodField()

    class Meta:
        model = CartItem
        fields = [
            "id",
            "product_info_id",
            "product_id",
            "product_name",
            "shop_name",
            "price",
            "available",
            "quantity",
            "total_price",
        ]

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_total_price(self, item: CartItem) -> str:
        return f"{item.offer.price * item.quantity:.2f}"


class CartSerializer(serializers.ModelSerializer):
    items = CartItemSerializer(many=True)
    total_price = serializers.SerializerMethodField()

    class Meta:
        model = Cart
        fields = ["id", "items", "total_price", "updated_at"]

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_total_price(self, cart: Cart) -> str:
        return f"{sum((item.offer.price * item.quantity for item in cart.items.all()), Decimal('0')):.2f}"


class QuantitySerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)


class CartAddSerializer(QuantitySerializer):
    product_info_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class CartMergeSerializer(serializers.Serializer):
    """A guest cart: the lines kept in the browser before login."""

    items = serializers.ListField(child=CartAddSerializer(), max_length=100)


class StockConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    available = serializers.IntegerField()


class ContactSerializer(serializers.ModelSerializer):
    phone = serializers.RegexField(PHONE_REGEX, max_length=20, validators=[validate_phone])

    class Meta:
        model = Contact
        fields = [
            "id",
            "first_name",
            "last_name",
            "email",
            "phone",
            "city",
            "street",
            "house",
            "structure",
            "building",
            "apartment",
            "is_confirmed",
        ]
        read_only_fields = ["id", "is_confirmed"]


class ContactIdSerializer(serializers.Serializer):
    contact_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class OrderItemSerializer(serializers.ModelSerializer):
    product_info_id = serializers.IntegerField(source="offer_id")
    shop_name = serializers.CharField(source="shop.name")

    class Meta:
        model = OrderItem
        fields = ["id", "product_info_id", "product_name", "shop_name", "price", "quantity"]


class OrderSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display")
    contact = ContactSerializer()
    items = OrderItemSerializer(many=True)
    total_price = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = ["id", "created_at", "status", "status_display", "contact", "items", "total_price"]

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_total_price(self, order: Order) -> str:
        return f"{lines_total(order.items.all()):.2f}"


class ConfirmOrderSerializer(ContactIdSerializer):
    cart_id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class ShortLineSerializer(serializers.Serializer):
    product_info_id = serializers.IntegerField()
    requested = serializers.IntegerField()
    available = serializers.IntegerField()


class CheckoutConflictSerializer(serializers.Serializer):
    """409 of checkout: short stock lists `items`; a closed shop lists `shops`."""

    detail = serializers.CharField()
    items = ShortLineSerializer(many=True, required=False)
    shops = serializers.ListField(child=serializers.CharField(), required=False)


class IdempotencyKeySerializer(serializers.Serializer):
    key = serializers.RegexField(r"^[\x21-\x7e]{1,100}$", required=False, allow_null=True)


class ShopStateSerializer(serializers.Serializer):
    state = serializers.BooleanField(source="accepts_orders")
