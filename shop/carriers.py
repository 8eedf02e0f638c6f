"""The parcel carriers a shop may name when it sends a shipment, and where a customer follows a parcel.

A tracking number without a known carrier is shown as text: guessing a carrier from the number's shape would
send customers to another company's page.
"""

from urllib.parse import quote

from django.db import models
from django.utils.translation import gettext_lazy as _


class Carrier(models.TextChoices):
    RUSSIAN_POST = "russian_post", _("Russian Post")
    CDEK = "cdek", _("CDEK")
    BOXBERRY = "boxberry", _("Boxberry")
    DPD = "dpd", _("DPD")


# The carriers' public tracking pages; {number} is the URL-quoted tracking number.
TRACKING_URL_TEMPLATES: dict[str, str] = {
    Carrier.RUSSIAN_POST: "https://www.pochta.ru/tracking?barcode={number}",
    Carrier.CDEK: "https://www.cdek.ru/ru/tracking?order_id={number}",
    Carrier.BOXBERRY: "https://boxberry.ru/tracking-page?id={number}",
    Carrier.DPD: "https://www.dpd.ru/ru/private/tracking.html?orderNum={number}",
}


def tracking_url(*, carrier: str, tracking_number: str) -> str:
    """The carrier's page for this parcel, or "" when the carrier is unknown or there is no number yet."""
    template = TRACKING_URL_TEMPLATES.get(carrier)
    if not template or not tracking_number:
        return ""
    return template.format(number=quote(tracking_number, safe=""))
