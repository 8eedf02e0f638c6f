"""Reads for the dashboard and the reports; each is one aggregated SQL query."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from imports.models import ImportRun
from shop.managers import MONEY_FIELD, line_total
from shop.models import Offer, Order, Shop
from shop.order_status import OrderStatus, ShipmentStatus


@dataclass(frozen=True)
class DaySales:
    day: date
    orders: int
    revenue: Decimal


@dataclass(frozen=True)
class SalesWindow:
    days: int
    orders: int
    revenue: Decimal


def daily_sales(*, days: int = 30, today: date | None = None, shop: Shop | None = None) -> list[DaySales]:
    """Orders (not cancelled) and their revenue for each of the last `days` days, today last, gaps as zeros.

    With `shop`: the orders with a live shipment of that shop, and the revenue of its lines only.
    """
    today = today or timezone.localdate()
    first_day = today - timedelta(days=days - 1)
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(first_day, time.min), tz)
    orders = Order.objects.filter(created_at__gte=start).exclude(status=OrderStatus.CANCELED)
    # A cancelled shipment of an order that goes on is not revenue.
    revenue_lines = ~Q(items__shipment__status=ShipmentStatus.CANCELED)
    if shop is not None:
        # One shipment per (order, shop): the join multiplies no order.
        orders = orders.filter(Q(shipments__shop=shop) & ~Q(shipments__status=ShipmentStatus.CANCELED))
        revenue_lines &= Q(items__shop=shop)
    rows = (
        orders.annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("day")
        .annotate(orders=Count("id", distinct=True), revenue=Sum(line_total("items__"), filter=revenue_lines))
        .order_by("day")
    )
    by_day = {row["day"]: row for row in rows}
    series = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        row = by_day.get(day, {})
        series.append(DaySales(day=day, orders=row.get("orders", 0), revenue=row.get("revenue") or Decimal("0")))
    return series


def sales_windows(series: list[DaySales], windows: tuple[int, ...] = (1, 7, 30)) -> list[SalesWindow]:
    """Totals over the last 1, 7 and 30 days of a daily series (no further query)."""
    return [
        SalesWindow(
            days=days,
            orders=sum(day.orders for day in series[-days:]),
            revenue=sum((day.revenue for day in series[-days:]), Decimal("0")),
        )
        for days in windows
    ]


def low_stock_offers(*, threshold: int) -> QuerySet[Offer]:
    """Active offers with `threshold` units or fewer, emptiest first."""
    return (
        Offer.objects.filter(is_active=True, quantity__lte=threshold)
        .select_related("shop", "product__category")
        .order_by("quantity", "id")
    )


def offers_above_rrc() -> QuerySet[Offer]:
    """Active offers priced above their recommended retail price, biggest excess first."""
    return (
        Offer.objects.filter(is_active=True)
        .above_rrc()
        .select_related("shop", "product__category")
        .annotate(excess=ExpressionWrapper(F("price") - F("price_rrc"), output_field=MONEY_FIELD))
        .order_by("-excess", "id")
    )


def latest_imports(*, limit: int = 5) -> list[ImportRun]:
    return list(ImportRun.objects.select_related("shop").order_by("-created_at", "-id")[:limit])
