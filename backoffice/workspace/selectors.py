"""Reads of one shop's figures for its supplier's dashboard."""

from dataclasses import dataclass

from django.db.models import Count, Q

from imports.models import ImportRun
from shop.models import Offer, Shipment, Shop
from shop.order_status import ShipmentStatus

from ..selectors import low_stock_offers


@dataclass(frozen=True)
class ShopFigures:
    to_assemble: int
    to_send: int
    low_stock: int
    above_rrc: int
    last_import: ImportRun | None


def shop_figures(*, shop: Shop, low_stock_threshold: int) -> ShopFigures:
    """Shipments waiting (new or confirmed: to assemble; assembled: to send), offers low on stock or priced above
    their RRC, and the shop's latest import: four queries."""
    waiting = Shipment.objects.filter(shop=shop).aggregate(
        to_assemble=Count("pk", filter=Q(status__in=[ShipmentStatus.NEW, ShipmentStatus.CONFIRMED])),
        to_send=Count("pk", filter=Q(status=ShipmentStatus.ASSEMBLED)),
    )
    return ShopFigures(
        to_assemble=waiting["to_assemble"],
        to_send=waiting["to_send"],
        low_stock=low_stock_offers(threshold=low_stock_threshold).filter(shop=shop).count(),
        above_rrc=Offer.objects.filter(shop=shop, is_active=True).above_rrc().count(),
        last_import=ImportRun.objects.filter(shop=shop)
        .defer("warnings", "errors")
        .order_by("-created_at", "-id")
        .first(),
    )
