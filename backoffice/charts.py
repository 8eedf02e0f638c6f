"""A bar-and-line chart of daily sales as SVG geometry, computed here and drawn by a template (no JS, no CDN)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format

from core.money import format_money

from .selectors import DaySales

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 72, 40, 12, 28


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    title: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class SalesChart:
    width: int
    height: int
    bars: list[Bar]
    line_points: str
    dots: list[tuple[float, float]]
    ticks: list[Tick]
    max_revenue: str
    max_orders: int
    baseline: float
    left: int
    right: float


def sales_chart(series: list[DaySales]) -> SalesChart:
    """Revenue as bars (left scale), order counts as a line (right scale), one slot per day."""
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    slot = plot_width / max(len(series), 1)
    max_revenue = max((day.revenue for day in series), default=Decimal("0")) or Decimal("1")
    max_orders = max((day.orders for day in series), default=0) or 1
    bars, dots, ticks = [], [], []
    for index, day in enumerate(series):
        x = LEFT + index * slot
        height = float(day.revenue / max_revenue) * plot_height
        label = date_format(day.day, "SHORT_DATE_FORMAT")
        bars.append(
            Bar(
                x=round(x + slot * 0.15, 1),
                y=round(baseline - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                title=f"{label}: {format_money(day.revenue)} / {day.orders}",
            )
        )
        dots.append((round(x + slot / 2, 1), round(baseline - day.orders / max_orders * plot_height, 1)))
        if index % 5 == 0 or index == len(series) - 1:
            ticks.append(Tick(x=round(x + slot / 2, 1), label=date_format(day.day, "d.m")))
    return SalesChart(
        width=WIDTH,
        height=HEIGHT,
        bars=bars,
        line_points=" ".join(f"{x},{y}" for x, y in dots),
        dots=dots,
        ticks=ticks,
        max_revenue=format_money(max_revenue, decimal_places=0),
        max_orders=max_orders,
        baseline=baseline,
        left=LEFT,
        right=WIDTH - RIGHT,
    )
