"""Catalogue (shops, categories, products, offers and their parameters), carts, contacts and orders."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower, Upper
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from .carriers import Carrier, tracking_url
from .managers import OfferQuerySet, OrderQuerySet
from .order_status import OrderStatus, ShipmentStatus

MONEY = {"max_digits": 12, "decimal_places": 2}
LISTED = models.Q(listed=True)


class Shop(models.Model):
    """A supplier's shop. `accepts_orders` is called `state` in the API."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shop",
        limit_choices_to={"user_type": "supplier"},
        help_text=_("The supplier account that manages this shop; invite one from the shop's supplier users."),
    )
    email = models.EmailField(
        _("e-mail for orders"),
        blank=True,
        help_text=_("Where the shop's shipments are announced; the owner's address when empty."),
    )
    accepts_orders = models.BooleanField(_("accepts orders"), default=True, db_index=True)
    source_file = models.CharField(
        _("source file"),
        max_length=500,
        blank=True,
        help_text=_("Price list to import from, relative to the data folder."),
    )
    catalogue_version = models.PositiveBigIntegerField(
        _("catalogue version"),
        default=0,
        editable=False,
        help_text=_("Bumped by every write to the shop's offers, so an import preview knows when it is out of date."),
    )
    stock_counted_at = models.DateTimeField(
        _("stock counted at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When the price list applied last stated the stock of the shop's offers (its preview): orders placed "
            "before then are counted in it, so cancelling one returns no units."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("shop")
        verbose_name_plural = _("shops")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.owner_id and ShopMember.objects.filter(user_id=self.owner_id).exclude(shop_id=self.pk).exists():
            raise ValidationError({"owner": _("This supplier account already works for another shop.")})

    @property
    def order_email(self) -> str:
        """The address told of the shop's shipments: its own, else its owner's; "" when it has neither."""
        return self.email or (self.owner.email if self.owner_id else "")


class ShopMember(models.Model):
    """A supplier's user working for a shop: its owner or a colleague, each invited by staff. A supplier
    account works for one shop only; `Shop.owner` is the one answerable for it."""

    shop = models.ForeignKey(Shop, verbose_name=_("shop"), on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="shop_membership",
        limit_choices_to={"user_type": "supplier"},
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("shop's supplier user")
        verbose_name_plural = _("shop's supplier users")
        ordering = ["shop", "created_at", "id"]
        permissions = [("invite_supplier", _("Can invite and revoke a shop's supplier users"))]

    def __str__(self) -> str:
        return f"{self.user} @ {self.shop}"


class Category(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    shops = models.ManyToManyField(Shop, verbose_name=_("shops"), related_name="categories", blank=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """What is sold, independent of who sells it; each shop's terms are an Offer."""

    name = models.CharField(_("name"), max_length=255)
    # Indexed by shop_product_unique_name_per_category, which starts with it (likewise the next foreign keys
    # without an index of their own): every index costs each of an import's 50,000 product writes.
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="products", db_index=False
    )
    description = models.TextField(_("description"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Maintained set-based by shop.services.search.refresh_search_documents (PostgreSQL only): the weighted
    # full-text document over the product, its offers, category, shops and parameter values. Its GIN index
    # lives in the migration.
    search_document = SearchVectorField(null=True, editable=False)
    # The listing summary over the product's visible offers (active, shop accepting orders), kept exact by
    # shop.services.listing.refresh_listings inside every transaction that changes offers, so the catalogue
    # filters, sorts and counts products without reading their offers.
    listed = models.BooleanField(_("listed"), default=False, db_default=False, editable=False)
    lowest_price = models.DecimalField(_("lowest price"), **MONEY, null=True, editable=False)
    lowest_price_shop = models.ForeignKey(
        Shop,
        verbose_name=_("shop of the lowest price"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    shops_offering = models.PositiveIntegerField(_("shops offering it"), default=0, db_default=0, editable=False)
    available = models.BooleanField(_("in stock"), default=False, db_default=False, editable=False)
    lowest_available_price = models.DecimalField(_("lowest price in stock"), **MONEY, null=True, editable=False)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="shop_product_unique_name_per_category")
        ]
        indexes = [
            models.Index(fields=["name"], name="shop_product_name_idx"),
            models.Index(Lower("name"), "id", name="shop_product_lower_name_idx"),
            # The catalogue's sorts, whole or within a category; in stock by price has its own.
            models.Index(Lower("name"), "id", condition=LISTED, name="shop_product_listed_name_idx"),
            models.Index("category", Lower("name"), "id", condition=LISTED, name="shop_product_cat_name_idx"),
            models.Index("lowest_price", "id", condition=LISTED, name="shop_product_listed_price_idx"),
            models.Index("category", "lowest_price", "id", condition=LISTED, name="shop_product_cat_price_idx"),
            models.Index(
                "lowest_available_price", "id", condition=models.Q(available=True), name="shop_product_avail_price_idx"
            ),
            models.Index(
                "category",
                "lowest_available_price",
                "id",
                condition=models.Q(available=True),
                name="shop_product_cat_avail_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Parameter(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("parameter")
        verbose_name_plural = _("parameters")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Offer(ClusterableModel):
    """A shop's offer of a product (a `product-info` in the API): its price, RRC and stock.

    Offers are never deleted by imports: orders reference them, so a withdrawn offer goes inactive.
    A ClusterableModel so the back office edits an offer and its parameters in one form.
    """

    shop = models.ForeignKey(
        Shop, verbose_name=_("shop"), on_delete=models.CASCADE, related_name="offers", db_index=False
    )  # shop_offer_shop_active_idx starts with it
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="offers")
    name = models.CharField(_("name"), max_length=255)
    # NULL, not "", for "no external id": unique constraints ignore NULLs, so many such offers may coexist.
    external_id = models.CharField(_("external id"), max_length=100, null=True, blank=True)  # noqa: DJ001
    description = models.TextField(_("description"), blank=True)
    price = models.DecimalField(_("price"), **MONEY, validators=[MinValueValidator(Decimal("0"))])
    price_rrc = models.DecimalField(
        _("recommended retail price"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )
    quantity = models.PositiveIntegerField(_("quantity in stock"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    parameters = models.ManyToManyField(
        Parameter, through="OfferParameter", verbose_name=_("parameters"), related_name="offers"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["shop", "external_id"], name="shop_offer_unique_external_id"),
            models.UniqueConstraint(
                fields=["shop", "product", "name"],
                condition=models.Q(external_id__isnull=True),
                name="shop_offer_unique_name_without_external_id",
            ),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="shop_offer_price_not_negative"),
            models.CheckConstraint(condition=models.Q(price_rrc__gte=0), name="shop_offer_price_rrc_not_negative"),
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="shop_offer_quantity_not_negative"),
        ]
        indexes = [
            models.Index(fields=["is_active", "price"], name="shop_offer_active_price_idx"),
            models.Index(fields=["is_active", "quantity"], name="shop_offer_active_qty_idx"),
            models.Index(fields=["shop", "is_active"], name="shop_offer_shop_active_idx"),
            # The catalogue's "this shop, within this price" filter, without intersecting two bitmaps.
            models.Index("shop", "price", condition=models.Q(is_active=True), name="shop_offer_shop_price_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.shop})"


class OfferChange(models.Model):
    """One change of an offer's terms made by hand in the supplier's workspace: who, when, which term, old → new."""

    offer = models.ForeignKey(Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(_("term"), max_length=32)
    old_value = models.CharField(_("old value"), max_length=64, blank=True)
    new_value = models.CharField(_("new value"), max_length=64, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("offer change")
        verbose_name_plural = _("offer changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.offer_id}.{self.field}: {self.old_value} → {self.new_value}"

    @property
    def field_label(self) -> str:
        return Offer._meta.get_field(self.field).verbose_name


class OfferParameter(models.Model):
    # Both indexed by the constraint and indexes below, which start with them: 300,000 rows an import.
    offer = ParentalKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="offer_parameters", db_index=False
    )
    parameter = models.ForeignKey(
        Parameter,
        verbose_name=_("parameter"),
        on_delete=models.PROTECT,
        related_name="offer_parameters",
        db_index=False,
    )
    value = models.CharField(_("value"), max_length=255)

    class Meta:
        verbose_name = _("offer parameter")
        verbose_name_plural = _("offer parameters")
        ordering = ["parameter__name"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "parameter"], name="shop_offerparameter_unique_per_offer")
        ]
        indexes = [
            models.Index(fields=["parameter", "value"], name="shop_offerparam_value_idx"),
            # The catalogue's parameter filter compares case-insensitively (UPPER): this index serves it and,
            # through ANALYZE's statistics on its expression, tells the planner how common a value is.
            models.Index("parameter", Upper("value"), name="shop_offerparam_upper_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.parameter}: {self.value}"


class SearchSynonym(models.Model):
    """A word shoppers type and the words the catalogue uses for it ("айфон" → "iphone")."""

    term = models.CharField(_("term"), max_length=100, unique=True, help_text=_("One word, as shoppers type it."))
    expansions = models.CharField(
        _("expansions"),
        max_length=500,
        help_text=_("Words or phrases searched for as well, separated by commas."),
    )

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["term"]

    def __str__(self) -> str:
        return f"{self.term} → {self.expansions}"

    def save(self, *args, **kwargs):
        self.term = self.term.strip().lower()
        self.expansions = ", ".join(
            word for word in (part.strip().lower() for part in self.expansions.split(",")) if word
        )
        super().save(*args, **kwargs)

    @property
    def expansion_list(self) -> list[str]:
        return [word for word in (part.strip() for part in self.expansions.split(",")) if word]


class ListingCount(models.Model):
    """How many products of a category are listed and how many are in stock (PostgreSQL only): the exact
    page count of the catalogue list without a COUNT over the products. Kept by statement triggers on the
    product table (migration 0009) that add the changes of `listed` and `available` of every INSERT, UPDATE
    and DELETE, in category order. No foreign key: imports delete categories in bulk, and a zero row of a
    deleted category counts nothing."""

    category_id = models.BigIntegerField(_("category id"), primary_key=True)
    listed = models.BigIntegerField(_("listed products"), default=0)
    available = models.BigIntegerField(_("products in stock"), default=0)

    class Meta:
        verbose_name = _("listing count")
        verbose_name_plural = _("listing counts")

    def __str__(self) -> str:
        return f"{self.category_id}: {self.listed} / {self.available}"


class SearchWord(models.Model):
    """A word of the catalogue (product, offer, category and shop names, parameter values), lower-cased: the
    lexicon a misspelt query word is corrected against through its trigram index (PostgreSQL only).
    Filled by shop.services.search.refresh_search_documents with the documents; rebuilt by a full refresh."""

    word = models.CharField(_("word"), max_length=100, primary_key=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word


class Cart(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="cart"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")

    def __str__(self) -> str:
        return f"Cart of {self.user}"


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, verbose_name=_("cart"), on_delete=models.CASCADE, related_name="items")
    offer = models.ForeignKey(Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="cart_items")
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("cart item")
        verbose_name_plural = _("cart items")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "offer"], name="shop_cartitem_one_line_per_offer"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="shop_cartitem_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.offer}"

    @property
    def total_price(self) -> Decimal:
        """At the offer's current price: a cart line keeps no price of its own until checkout."""
        return self.offer.price * self.quantity

    @property
    def withdrawn(self) -> bool:
        """The offer can no longer be bought (withdrawn by an import or by hand, or its shop closed): the line
        stays in the cart to be shown as such, with nothing available and out of the cart's total."""
        return not (self.offer.is_active and self.offer.shop.accepts_orders)


def cart_total(lines) -> Decimal:
    """The total of loaded cart lines that can still be bought."""
    return lines_total(line for line in lines if not line.withdrawn)


class Contact(models.Model):
    """A delivery address with the phone and e-mail to reach the customer there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="contacts"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=20)
    city = models.CharField(_("city"), max_length=100)
    street = models.CharField(_("street"), max_length=200)
    house = models.CharField(_("house"), max_length=20)
    structure = models.CharField(_("structure"), max_length=20, blank=True)
    building = models.CharField(_("building"), max_length=20, blank=True)
    apartment = models.CharField(_("apartment"), max_length=20, blank=True)
    is_confirmed = models.BooleanField(_("confirmed"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}, {self.city}, {self.street} {self.house}"


# Contact fields an order copies at checkout, so editing the contact later never moves a placed order.
DELIVERY_FIELDS = (
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
)


class Order(models.Model):
    """A customer's order. `status` is derived from its shipments (order_status.derive_order_status) and
    stored for lists and filters; only shop.services.orders writes it, under the order's row lock."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="orders"
    )
    contact = models.ForeignKey(Contact, verbose_name=_("contact"), on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(
        _("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.NEW, db_index=True
    )
    delivery_first_name = models.CharField(_("first name"), max_length=100, blank=True)
    delivery_last_name = models.CharField(_("last name"), max_length=100, blank=True)
    delivery_email = models.EmailField(_("e-mail"), blank=True)
    delivery_phone = models.CharField(_("phone"), max_length=20, blank=True)
    delivery_city = models.CharField(_("city"), max_length=100, blank=True)
    delivery_street = models.CharField(_("street"), max_length=200, blank=True)
    delivery_house = models.CharField(_("house"), max_length=20, blank=True)
    delivery_structure = models.CharField(_("structure"), max_length=20, blank=True)
    delivery_building = models.CharField(_("building"), max_length=20, blank=True)
    delivery_apartment = models.CharField(_("apartment"), max_length=20, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "idempotency_key"], name="shop_order_unique_idempotency_key"),
            models.CheckConstraint(condition=models.Q(status__in=OrderStatus.values), name="shop_order_status_valid"),
        ]

    def __str__(self) -> str:
        return _("Order #%(id)s") % {"id": self.pk}

    def copy_delivery_address(self, contact: Contact) -> None:
        for field in DELIVERY_FIELDS:
            setattr(self, f"delivery_{field}", getattr(contact, field))

    @property
    def delivery_name(self) -> str:
        return f"{self.delivery_first_name} {self.delivery_last_name}".strip()

    @property
    def delivery_address(self) -> str:
        """The copied address on one line, as a courier reads it."""
        parts = [self.delivery_city, f"{self.delivery_street} {self.delivery_house}".strip()]
        for label, value in (
            (_("structure"), self.delivery_structure),
            (_("building"), self.delivery_building),
            (_("apartment"), self.delivery_apartment),
        ):
            if value:
                parts.append(f"{label} {value}")
        return ", ".join(part for part in parts if part)

    def lines_summary(self) -> str:
        """Every line as "offer name × quantity", for exports; uses prefetched items."""
        return summarise_lines(self.items.all())


class Shipment(models.Model):
    """The part of an order one shop fulfils: its own status, history and tracking number."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="shipments")
    shop = models.ForeignKey(Shop, verbose_name=_("shop"), on_delete=models.PROTECT, related_name="shipments")
    status = models.CharField(
        _("status"), max_length=16, choices=ShipmentStatus.choices, default=ShipmentStatus.NEW, db_index=True
    )
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    carrier = models.CharField(_("carrier"), max_length=20, choices=Carrier.choices, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "shop"], name="shop_shipment_one_per_shop"),
            models.CheckConstraint(
                condition=models.Q(status__in=ShipmentStatus.values), name="shop_shipment_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(carrier__in=["", *Carrier.values]), name="shop_shipment_carrier_known"
            ),
        ]
        indexes = [models.Index(fields=["shop", "status"], name="shop_shipment_shop_status_idx")]

    def __str__(self) -> str:
        return _("Shipment #%(id)s of order #%(order)s") % {"id": self.pk, "order": self.order_id}

    def lines_summary(self) -> str:
        """Every line as "offer name × quantity", for exports; uses prefetched items."""
        return summarise_lines(self.items.all())

    @property
    def tracking_url(self) -> str:
        return tracking_url(carrier=self.carrier, tracking_number=self.tracking_number)


class OrderItem(models.Model):
    """A line of an order. Price and names are copied at checkout so history never changes."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="items")
    offer = models.ForeignKey(Offer, verbose_name=_("offer"), on_delete=models.PROTECT, related_name="order_items")
    shop = models.ForeignKey(Shop, verbose_name=_("shop"), on_delete=models.PROTECT, related_name="order_items")
    shipment = models.ForeignKey(Shipment, verbose_name=_("shipment"), on_delete=models.PROTECT, related_name="items")
    product_name = models.CharField(_("product name"), max_length=255)
    offer_name = models.CharField(_("variant"), max_length=255, blank=True)
    external_id = models.CharField(_("SKU"), max_length=100, blank=True)
    shop_name = models.CharField(_("shop name"), max_length=200, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    price = models.DecimalField(_("price"), **MONEY)
    price_rrc = models.DecimalField(_("recommended retail price"), **MONEY, null=True, blank=True)

    class Meta:
        verbose_name = _("order item")
        verbose_name_plural = _("order items")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "offer"], name="shop_orderitem_one_line_per_offer"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="shop_orderitem_quantity_positive"),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="shop_orderitem_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.offer_name or self.product_name}"

    @property
    def total_price(self) -> Decimal:
        return self.price * self.quantity


def summarise_lines(lines) -> str:
    """Order lines on one line of text: "offer name × quantity; …"."""
    return "; ".join(f"{line.offer_name or line.product_name} × {line.quantity}" for line in lines)


def lines_total(lines) -> Decimal:
    """The total of loaded order or cart lines; order lists use OrderQuerySet.with_total() instead."""
    return sum((line.total_price for line in lines), Decimal("0"))


class OrderStatusChange(models.Model):
    """One step of an order's history: who moved it, when, from which status to which."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=16, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=OrderStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("order status change")
        verbose_name_plural = _("order status changes")
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status or '—'} → {self.to_status}"


class ShipmentStatusChange(models.Model):
    """One move of a shipment: who, when, from which status to which, why; an undo points at the move it undid."""

    shipment = models.ForeignKey(
        Shipment, verbose_name=_("shipment"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=16, choices=ShipmentStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=ShipmentStatus.choices)
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    undoes = models.OneToOneField(
        "self",
        verbose_name=_("undoes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="undone_by",
    )

    class Meta:
        verbose_name = _("shipment status change")
        verbose_name_plural = _("shipment status changes")
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.shipment_id}: {self.from_status or '—'} → {self.to_status}"


class OrderNote(models.Model):
    """An internal note of the staff on an order; customers and suppliers never see it."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("order note")
        verbose_name_plural = _("order notes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.text[:50]}"


class ContactConfirmation(models.Model):
    """A one-time link e-mailed to a contact's address; following it marks the contact confirmed."""

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="confirmations"
    )
    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact confirmation")
        verbose_name_plural = _("contact confirmations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.contact_id}: {self.token}"
