"""Every list and report of the admin that Wagtail exports to CSV or XLSX writes its cells neutralised, its
dates as the admin user sees them, and its CSV so that Excel reads it in the user's language.

A patch of Wagtail's export mixin rather than a mixin on each view: it covers our lists and reports and
Wagtail's own (the site history, whose labels are our objects' names), and a new view cannot forget it.
Imported only from CoreConfig.ready(), since Wagtail's views need the app registry.
"""

import datetime

from django.utils import timezone, translation
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from .spreadsheets import neutralise_csv_cell

# Excel reads a CSV file as the system's 8-bit code page unless it starts with the UTF-8 byte order mark.
UTF8_BOM = "\ufeff"

_wagtail_preprocess_field_value = SpreadsheetExportMixin.preprocess_field_value
_wagtail_write_csv_response = SpreadsheetExportMixin.write_csv_response


def spreadsheet_datetime(value: datetime.datetime) -> datetime.datetime:
    """The moment on the admin user's clock, to the second, without a zone: a spreadsheet cell holds no zone,
    so an XLSX cell is a real date-time and a CSV one reads "2026-12-08 14:05:09", which Excel takes for a date."""
    if timezone.is_aware(value):
        value = timezone.make_naive(value)
    return value.replace(microsecond=0)


def _spreadsheet_preprocess_field_value(self, field, value, export_format):
    if isinstance(value, datetime.datetime):
        value = spreadsheet_datetime(value)
    # After Wagtail's own conversion, so what is checked is what is written (a Category as its name).
    return neutralise_csv_cell(_wagtail_preprocess_field_value(self, field, value, export_format))


def _rows_in(language: str | None, time_zone, rows):
    """Wagtail streams a CSV after the view has returned, outside the user's language and time zone: each row
    is written back inside them, and only while it is written, so nothing else in the thread is affected."""
    yield UTF8_BOM
    while True:
        with translation.override(language), timezone.override(time_zone):
            row = next(rows, None)
        if row is None:
            return
        yield row


def _excel_ready_csv_response(self, queryset):
    response = _wagtail_write_csv_response(self, queryset)
    response.streaming_content = _rows_in(
        translation.get_language(), timezone.get_current_timezone(), iter(response.streaming_content)
    )
    response["Content-Type"] = "text/csv; charset=utf-8"
    return response


def prepare_every_admin_export() -> None:
    """Called once from CoreConfig.ready(): each exported cell goes through `neutralise_csv_cell`, dates are
    written on the user's clock, a CSV starts with the UTF-8 byte order mark and is written in the user's
    language and time zone."""
    SpreadsheetExportMixin.preprocess_field_value = _spreadsheet_preprocess_field_value
    SpreadsheetExportMixin.write_csv_response = _excel_ready_csv_response
