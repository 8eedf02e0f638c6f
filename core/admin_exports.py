"""Every list and report of the admin that Wagtail exports to CSV or XLSX writes its cells neutralised.

A patch of Wagtail's export mixin rather than a mixin on each view: it covers our lists and reports and
Wagtail's own (the site history, whose labels are our objects' names), and a new view cannot forget it.
Imported only from CoreConfig.ready(), since Wagtail's views need the app registry.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

from .spreadsheets import neutralise_csv_cell

_wagtail_preprocess_field_value = SpreadsheetExportMixin.preprocess_field_value


def _neutralised_preprocess_field_value(self, field, value, export_format):
    # After Wagtail's own conversion, so what is checked is what is written (a Category as its name).
    return neutralise_csv_cell(_wagtail_preprocess_field_value(self, field, value, export_format))


def neutralise_every_admin_export() -> None:
    """Called once from CoreConfig.ready(): each exported cell goes through `neutralise_csv_cell`."""
    SpreadsheetExportMixin.preprocess_field_value = _neutralised_preprocess_field_value
