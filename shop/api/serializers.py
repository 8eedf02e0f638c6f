"""Shapes of the catalogue, cart, contacts, orders and supplier endpoints (docs/API.md). No business rules here."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.search_limits import SEARCH_MAX_LENGTH, validate_search_words
from core.uploads import validate_image_upload

from ..carriers import Carrier
from ..images import rendition_urls
from ..models import (
    DELIVERY_FIELDS,
    Cart,
    CartItem,
    Category,
    Contact,
    Offer,
    OfferParameter,
    Order,
    OrderItem,
    Product,
    Shipment,
    Shop,
    cart_total,
    lines_total,
)
from ..order_status import CANCEL_REASON_MAX_LENGTH, SUPPLIER_TARGETS, ShipmentStatus, reached_steps
from ..validators import PHONE_REGEX, validate_phone

MAX_QUANTITY = 2**31 - 1
MAX_ID = 2**63 - 1
# More shown prices than any cart has lines is not a cart the client showed.
CHECKOUT_MAX_SHOWN_PRICES = 1000


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
            "name",
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
        fields = ["id", "name", "shop_name", "price", "price_rrc", "quantity", "description", "product_parameters"]


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


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ProductCardSerializer(serializers.ModelSerializer):
    """A product in the catalogue list: one card however many shops offer it."""

    image = serializers.SerializerMethodField()
    category = NamedSerializer()
    min_price = serializers.DecimalField(max_digits=12, decimal_places=2)
    min_price_shop = serializers.SerializerMethodField()
    shop_count = serializers.IntegerField()
    in_stock = serializers.BooleanField()

    class Meta:
        model = Product
        fields = ["id", "name", "image", "category", "min_price", "min_price_shop", "shop_count", "in_stock"]

    @extend_schema_field(ThumbnailSerializer(allow_null=True))
    def get_image(self, product: Product) -> dict | None:
        return rendition_urls(product.image, "thumbnail")

    @extend_schema_field(NamedSerializer())
    def get_min_price_shop(self, product: Product) -> dict:
        return {"id": product.min_price_shop_id, "name": product.min_price_shop_name}


class FacetCountSerializer(NamedSerializer):
    count = serializers.IntegerField()


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField()


class ParameterFacetSerializer(NamedSerializer):
    values = FacetValueSerializer(many=True)


class PriceRangeSerializer(serializers.Serializer):
    min = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    max = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class CatalogueFacetsSerializer(serializers.Serializer):
    """Product counts of the current query per category, shop and parameter value, and its price range."""

    categories = FacetCountSerializer(many=True)
    shops = FacetCountSerializer(many=True)
    parameters = ParameterFacetSerializer(many=True)
    price = PriceRangeSerializer()


class SuggestionsQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=SEARCH_MAX_LENGTH, allow_blank=True, trim_whitespace=True, validators=[validate_search_words]
    )
    limit = serializers.IntegerField(min_value=1, max_value=20, default=5)


class SuggestionsSerializer(serializers.Serializer):
    products = NamedSerializer(many=True)
    categories = NamedSerializer(many=True)


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
    offer_name = serializers.CharField(source="offer.name", help_text=_("The variant: the offer's own name."))
    image = serializers.SerializerMethodField()
    shop_name = serializers.CharField(source="offer.shop.name")
    price = serializers.DecimalField(source="offer.price", max_digits=12, decimal_places=2)
    available = serializers.SerializerMethodField(help_text="The offer's stock now; 0 when withdrawn.")
    withdrawn = serializers.BooleanField(
        read_only=True,
        help_text="The offer can no longer be bought (withdrawn, or its shop closed): left out of the cart's total.",
    )
    total_price = serializers.SerializerMethodField()

    class Meta:
        model = CartItem
        fields = [
            "id",
            "product_info_id",
            "product_id",
            "product_name",
            "offer_name",
            "image",
            "shop_name",
            "price",
            "available",
            "withdrawn",
            "quantity",
            "total_price",
        ]

    @extend_schema_field(ThumbnailSerializer(allow_null=True))
    def get_image(self, item: CartItem) -> dict | None:
        return rendition_urls(item.offer.product.image, "thumbnail")

    def get_available(self, item: CartItem) -> int:
        return 0 if item.withdrawn else item.offer.quantity

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_total_price(self, item: CartItem) -> str:
        return f"{item.total_price:.2f}"


class CartSerializer(serializers.ModelSerializer):
    items = CartItemSerializer(many=True)
    total_price = serializers.SerializerMethodField()

    class Meta:
        model = Cart
        fields = ["id", "items", "total_price", "updated_at"]

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_total_price(self, cart: Cart) -> str:
        return f"{cart_total(cart.items.all()):.2f}"


class QuantitySerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)


class CartAddSerializer(QuantitySerializer):
    product_info_id = serializers.IntegerField(source="offer_id", min_value=1, max_value=MAX_ID)


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
        fields = ["id", *DELIVERY_FIELDS, "is_confirmed"]
        read_only_fields = ["id", "is_confirmed"]


class ContactIdSerializer(serializers.Serializer):
    contact_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class OrderItemSerializer(serializers.ModelSerializer):
    """An order line as copied at checkout: later changes of the offer or shop do not show here."""

    product_info_id = serializers.IntegerField(source="offer_id")
    parameters = serializers.DictField(
        child=serializers.CharField(), help_text=_("The offer's parameters at checkout, name → value.")
    )

    class Meta:
        model = OrderItem
        fields = [
            "id",
            "product_info_id",
            "product_name",
            "offer_name",
            "external_id",
            "shop_name",
            "shipment_id",
            "parameters",
            "price",
            "price_rrc",
            "quantity",
        ]


class DeliveryAddressSerializer(serializers.Serializer):
    """The delivery address copied from the contact at checkout."""

    first_name = serializers.CharField(source="delivery_first_name")
    last_name = serializers.CharField(source="delivery_last_name")
    email = serializers.CharField(source="delivery_email")
    phone = serializers.CharField(source="delivery_phone")
    city = serializers.CharField(source="delivery_city")
    street = serializers.CharField(source="delivery_street")
    house = serializers.CharField(source="delivery_house")
    structure = serializers.CharField(source="delivery_structure")
    building = serializers.CharField(source="delivery_building")
    apartment = serializers.CharField(source="delivery_apartment")


class OrderContactSerializer(DeliveryAddressSerializer):
    """The shape of a contact, filled from the order's copy of it; `id` is the contact it was copied from."""

    id = serializers.IntegerField(source="contact_id")
    is_confirmed = serializers.BooleanField(source="contact.is_confirmed")


class ShipmentStepSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ShipmentStatus.choices)
    status_display = serializers.SerializerMethodField()
    reached_at = serializers.DateTimeField()

    def get_status_display(self, step: dict) -> str:
        return str(ShipmentStatus(step["status"]).label)


class ShipmentSerializer(serializers.ModelSerializer):
    """One shop's part of an order (a parcel): its lines, the steps it has reached with their dates, tracking.
    Reads prefetched `items` and `status_changes` (selectors.order_list)."""

    status_display = serializers.CharField(source="get_status_display")
    shop_name = serializers.CharField(source="shop.name")
    # Declared because a read-only model field loses allow_blank, and the schema would then refuse "" (no carrier).
    carrier = serializers.ChoiceField(choices=Carrier.choices, allow_blank=True, read_only=True)
    carrier_display = serializers.CharField(source="get_carrier_display")
    tracking_url = serializers.CharField(
        help_text=_("The carrier's tracking page for this parcel; empty when the carrier is unknown.")
    )
    status_reached_at = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()
    items = OrderItemSerializer(many=True)

    class Meta:
        model = Shipment
        fields = [
            "id",
            "shop_id",
            "shop_name",
            "status",
            "status_display",
            "status_reached_at",
            "steps",
            "tracking_number",
            "carrier",
            "carrier_display",
            "tracking_url",
            "items",
            "updated_at",
        ]
        read_only_fields = fields

    @staticmethod
    def _steps(shipment: Shipment) -> list[dict]:
        moves = [(change.to_status, change.changed_at) for change in shipment.status_changes.all()]
        if not moves or moves[0][0] != ShipmentStatus.NEW:  # shipments older than the recorded creation
            moves.insert(0, (ShipmentStatus.NEW, shipment.created_at))
        steps = reached_steps(moves)
        return [{"status": status, "reached_at": when} for status, when in steps]

    @extend_schema_field(ShipmentStepSerializer(many=True))
    def get_steps(self, shipment: Shipment) -> list:
        return ShipmentStepSerializer(self._steps(shipment), many=True).data

    @extend_schema_field(serializers.DateTimeField())
    def get_status_reached_at(self, shipment: Shipment) -> str:
        return serializers.DateTimeField().to_representation(self._steps(shipment)[-1]["reached_at"])


class OrderSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display")
    contact = OrderContactSerializer(source="*")
    items = OrderItemSerializer(many=True)
    shipments = ShipmentSerializer(many=True)
    total_price = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = ["id", "created_at", "status", "status_display", "contact", "items", "shipments", "total_price"]

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_total_price(self, order: Order) -> str:
        return f"{lines_total(order.items.all()):.2f}"


class PartnerShipmentSerializer(serializers.ModelSerializer):
    """A supplier's shipment: what to pack and where it goes."""

    status_display = serializers.CharField(source="get_status_display")
    order_created_at = serializers.DateTimeField(source="order.created_at")
    delivery = DeliveryAddressSerializer(source="order")
    items = OrderItemSerializer(many=True)
    total_price = serializers.SerializerMethodField()

    class Meta:
        model = Shipment
        fields = [
            "id",
            "order_id",
            "order_created_at",
            "status",
            "status_display",
            "tracking_number",
            "carrier",
            "updated_at",
            "delivery",
            "items",
            "total_price",
        ]

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_total_price(self, shipment: Shipment) -> str:
        return f"{lines_total(shipment.items.all()):.2f}"


class ShipmentFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ShipmentStatus.choices, required=False)


class ShipmentStatusRequestSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[(status.value, status.label) for status in SUPPLIER_TARGETS])
    tracking_number = serializers.CharField(required=False, allow_blank=True, max_length=100)
    carrier = serializers.ChoiceField(choices=Carrier.choices, required=False, allow_blank=True)


class CancelOrderSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=CANCEL_REASON_MAX_LENGTH,
        help_text=_("Why the customer cancels, optional; the staff see it on the order."),
    )


class ShownPriceSerializer(serializers.Serializer):
    product_info_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0"))


class ConfirmOrderSerializer(ContactIdSerializer):
    cart_id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    expected_total = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text="The cart total the customer was shown; another current total is a 409 `total_changed`.",
    )
    expected_prices = serializers.ListField(
        child=ShownPriceSerializer(),
        max_length=CHECKOUT_MAX_SHOWN_PRICES,
        required=False,
        help_text="The unit price shown per line, so that a 409 `total_changed` can name each line's old price.",
    )

    def validate_expected_prices(self, lines: list[dict]) -> dict[int, Decimal]:
        return {line["product_info_id"]: line["price"] for line in lines}


class ShortLineSerializer(serializers.Serializer):
    product_info_id = serializers.IntegerField()
    requested = serializers.IntegerField()
    available = serializers.IntegerField()


class ChangedLineSerializer(serializers.Serializer):
    product_info_id = serializers.IntegerField()
    product_name = serializers.CharField()
    offer_name = serializers.CharField()
    shop_name = serializers.CharField()
    quantity = serializers.IntegerField()
    old_price = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, help_text="The price the client showed, if it sent one."
    )
    price = serializers.DecimalField(max_digits=12, decimal_places=2)


class CheckoutConflictSerializer(serializers.Serializer):
    """409 of checkout: short stock lists `items`; a closed shop lists `shops`; `total_changed` gives the
    current `total` and the changed `lines`."""

    detail = serializers.CharField()
    code = serializers.CharField()
    items = ShortLineSerializer(many=True, required=False)
    shops = serializers.ListField(child=serializers.CharField(), required=False)
    expected_total = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    total = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    lines = ChangedLineSerializer(many=True, required=False)


class IdempotencyKeySerializer(serializers.Serializer):
    key = serializers.RegexField(r"^[\x21-\x7e]{1,100}$", required=False, allow_null=True)


class ShopStateSerializer(serializers.Serializer):
    state = serializers.BooleanField(source="accepts_orders")
