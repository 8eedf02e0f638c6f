"""Guards against losing a shop: what an import may not do without an explicit confirmation.

An import that lists no offer, withdraws more than the store setting's share of the shop's active
offers, or comes from a file naming another shop is refused (ImportNeedsConfirmation) until the person
applying it confirms. Withdrawals may be confirmed by whoever may import for the shop; another shop's
file only by staff (the partner API offers no such field).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.store_settings import imports_max_withdrawn_share

from ..exceptions import ImportNeedsConfirmation
from ..models import ImportRun

WITHDRAWALS = "withdrawals"
EMPTY_FILE = "empty_file"
SHOP_NAME = "shop_name"


@dataclass(frozen=True, slots=True)
class Guard:
    code: str
    message: str
    confirmed: bool

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "confirmed": self.confirmed}


def same_shop_name(file_name: str, shop_name: str) -> bool:
    return file_name.strip().casefold() == shop_name.strip().casefold()


def run_guards(run: ImportRun) -> list[Guard]:
    """What this previewed run needs confirmed before it may be applied, and whether it is."""
    guards = []
    if run.offer_count == 0:
        guards.append(
            Guard(
                EMPTY_FILE,
                _("The price list lists no offer: applying it would withdraw all %(count)s active offers of the shop.")
                % {"count": run.active_offer_count},
                run.withdrawals_confirmed,
            )
        )
    elif run.withdrawn_share > imports_max_withdrawn_share():
        guards.append(
            Guard(
                WITHDRAWALS,
                _(
                    "Applying it would withdraw %(withdrawn)s of the shop's %(active)s active offers (%(share)s %%), "
                    "more than the %(limit)s %% allowed without confirmation."
                )
                % {
                    "withdrawn": run.withdrawn_count,
                    "active": run.active_offer_count,
                    "share": round(run.withdrawn_share * 100, 1),
                    "limit": round(imports_max_withdrawn_share() * 100),
                },
                run.withdrawals_confirmed,
            )
        )
    if run.file_shop_name and not same_shop_name(run.file_shop_name, run.shop.name):
        guards.append(
            Guard(
                SHOP_NAME,
                _("The file is the price list of “%(file_shop)s”, not of “%(shop)s”.")
                % {"file_shop": run.file_shop_name, "shop": run.shop.name},
                run.shop_name_confirmed,
            )
        )
    return guards


def check_guards(run: ImportRun) -> None:
    """Refuse (ImportNeedsConfirmation, listing each guard) while a guard is not confirmed."""
    pending = [guard for guard in run_guards(run) if not guard.confirmed]
    if pending:
        raise ImportNeedsConfirmation(
            " ".join([guard.message for guard in pending] + [_("Confirm it explicitly to apply the import.")]),
            code="confirmation_required",
            guards=[guard.as_dict() for guard in pending],
        )
