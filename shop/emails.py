"""What the shop's e-mails say: contexts for notifications.queue_notification, JSON-safe (they travel through
the broker), amounts as strings and moments as ISO 8601 text, formatted when the e-mail is rendered in the
recipient's language; labels stay lazy, so queue_notification words them in that language. Queries here are
the caller's choice: pass loaded lines."""

from django.conf import settings

from accounts.selectors import languages_by_address

from .models import Order, OrderItem, Shipment, Shop, lines_total
from .order_status import ShipmentStatus


def order_url(order_id: int) -> str:
    """Where the customer reads the order in the storefront."""
    return f"{settings.FRONTEND_URL}/orders/{order_id}"


def lines_context(items: list[OrderItem]) -> dict:
    return {
        "items": [
            {
                "product_name": item.product_name,
                "offer_name": item.offer_name,
                "external_id": item.external_id,
                "shop_name": item.shop_name,
                "quantity": item.quantity,
                "price": str(item.price),
                "total_price": str(item.total_price),
            }
            for item in items
        ],
        "total_price": str(lines_total(items)),
    }


def delivery_contact(order: Order) -> str:
    """The address copied at checkout on one line, with whom to hand the parcel to and call: what every e-mail
    prints after "Delivery to"."""
    return ", ".join(part for part in (order.delivery_name, order.delivery_address, order.delivery_phone) if part)


def order_context(order: Order) -> dict:
    """Who ordered and where it goes (the address copied at checkout)."""
    return {
        "order_id": order.pk,
        "order_url": order_url(order.pk),
        "customer_name": order.user.get_full_name() or order.user.email,
        "customer_email": order.user.email,
        "contact": delivery_contact(order),
        "ordered_at": order.created_at.isoformat(),
    }


def shipment_step_context(
    shipment: Shipment, *, from_status: str, to_status: str, items: list[OrderItem], move_id: int
) -> dict:
    """The customer's e-mail about one step of one shipment (key `order_status_changed`). `move_id`, the
    ShipmentStatusChange it tells about, finds the e-mail again if that move is undone."""
    return {
        **order_context(shipment.order),
        **lines_context(items),
        "move_id": move_id,
        "shipment_id": shipment.pk,
        "shop_name": shipment.shop.name,
        "tracking_number": shipment.tracking_number,
        # Lazy labels: queue_notification turns them into text in the recipient's language.
        "from_status": ShipmentStatus(from_status).label if from_status else "",
        "to_status": ShipmentStatus(to_status).label,
    }


def shop_recipients_by_language(shop: Shop) -> dict[str, list[str]]:
    """The shop's order address keyed by the language its e-mails are written in: that of the account owning
    the address, else the shop owner's, else the store's default. Empty when the shop has no address."""
    if not shop.order_email:
        return {}
    owner_language = shop.owner.language if shop.owner_id else settings.LANGUAGE_CODE
    return languages_by_address(addresses=[shop.order_email], default=owner_language)


def shipment_correction_context(shipment: Shipment, *, undone_status: str, items: list[OrderItem]) -> dict:
    """The customer's e-mail taking back an announced step that staff undid (key `order_status_corrected`):
    the parcel is back at its current status, not at `undone_status`."""
    return {
        **order_context(shipment.order),
        **lines_context(items),
        "shipment_id": shipment.pk,
        "shop_name": shipment.shop.name,
        "undone_status": str(ShipmentStatus(undone_status).label),
        "status": str(ShipmentStatus(shipment.status).label),
    }
