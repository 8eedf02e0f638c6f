"""The diff as people read it (the admin's preview page and the API's `display`): field names in the reader's
language, money with its currency sign and digits grouped as the language groups them, one line per changed
parameter ("Colour: Black → Blue"), and stock sold since the last import told apart from the supplier's change."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import format_money

from .models import ChangeKind

FIELD_LABELS = {
    "category": gettext_lazy("Category"),
    "product": gettext_lazy("Product"),
    "name": gettext_lazy("Offer"),
    "description": gettext_lazy("Description"),
    "price": gettext_lazy("Price"),
    "price_rrc": gettext_lazy("RRC"),
    "quantity": gettext_lazy("Stock"),
    "is_active": gettext_lazy("On sale"),
}
MONEY_FIELDS = {"price", "price_rrc"}
NOTHING = "—"
# the key of an updated row of the preview that holds the units its offer sold since the shop's last import
SOLD_SINCE_IMPORT = "sold_since_import"


def _shown(field: str, value) -> str:
    if value is None or value == "":
        return NOTHING
    if field in MONEY_FIELDS:
        return format_money(value)
    if field == "quantity":
        return number_format(value, force_grouping=True)
    if field == "is_active":
        return _("yes") if value else _("no")
    return str(value)


def describe_changes(row: dict) -> list[dict]:
    """One {field, label, old, new[, note]} per change of an updated row of the preview, in the order of
    FIELD_LABELS, then one per changed parameter (its name as the label).

    A row's `sold_since_import` (units sold since the shop's last import) is put back on the old stock, so
    the line shows the supplier's previous figure against its new one, and says how much was sold."""
    changes = row.get("changes", {})
    lines = []
    for field, label in FIELD_LABELS.items():
        if field not in changes:
            continue
        old, new = changes[field]
        line = {"field": field, "label": str(label), "old": _shown(field, old), "new": _shown(field, new)}
        sold = row.get(SOLD_SINCE_IMPORT, 0) if field == "quantity" else 0
        if sold:
            line["old"] = _shown(field, old + sold)
            line["note"] = _("%(sold)s sold since the last import, %(left)s in stock now") % {
                "sold": number_format(sold, force_grouping=True),
                "left": number_format(old, force_grouping=True),
            }
        lines.append(line)
    if "parameters" in changes:
        old, new = changes["parameters"]
        for name in sorted(old.keys() | new.keys()):
            if old.get(name) != new.get(name):
                lines.append(
                    {
                        "field": "parameters",
                        "label": name,
                        "old": old.get(name) or NOTHING,
                        "new": new.get(name) or NOTHING,
                    }
                )
    return lines


def with_display(kind: str, rows: list[dict]) -> list[dict]:
    """The rows of one page of changes, each updated one with its `display` (see describe_changes)."""
    if kind != ChangeKind.UPDATED:
        return rows
    return [{**row, "display": describe_changes(row)} for row in rows]
