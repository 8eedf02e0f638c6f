"""`{% load local_dates %}{{ ordered_at|local_date }}`: a moment stored in an e-mail's context as ISO 8601 text
(contexts travel as JSON) shown as a date in the active language and the site's time zone ("8 декабря 2026 г.")."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


@register.filter(name="local_date")
def local_date(moment: datetime | str) -> str:
    """Like Django's own date filter, an empty or unreadable value shows as nothing rather than failing the e-mail."""
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return ""
    if not isinstance(moment, datetime):
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "DATE_FORMAT")
