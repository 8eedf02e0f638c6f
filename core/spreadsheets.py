"""Exports opened in a spreadsheet: a text cell that looks like a formula is written as text (CSV injection).

Every CSV or XLSX the service writes passes its text cells through `neutralise_csv_cell`; the price-list
parser strips the same prefix again, so an exported price list imports back unchanged.
"""

from wagtail.admin.views.generic import IndexView as ModelIndexView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

# A spreadsheet evaluates a cell starting with one of these; a tab or carriage return can hide one that follows.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TEXT_PREFIX = "'"


def neutralise_csv_cell(value):
    """`value` with a `'` in front when it is text a spreadsheet would run as a formula; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return TEXT_PREFIX + value
    return value


class NeutralisedCsvExportMixin:
    """Wagtail's CSV export of a list, with every text cell neutralised (its XLSX export already keeps formulas out)."""

    def write_csv_row(self, writer, row_dict):
        return super().write_csv_row(writer, {field: neutralise_csv_cell(value) for field, value in row_dict.items()})


class NeutralisedExportIndexView(NeutralisedCsvExportMixin, ModelIndexView):
    """The list view of a ModelViewSet with a formula-safe CSV export."""


class NeutralisedExportSnippetIndexView(NeutralisedCsvExportMixin, SnippetIndexView):
    """The list view of a SnippetViewSet with a formula-safe CSV export."""
