import gc
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from tqdm import tqdm

from core.errors import DomainError
from imports.models import ImportFormat, ImportRun, ImportStatus
from imports.services import apply_import, create_upload_run, preview_import, run_guards
from shop.models import Shop

# Where a problem is, in the reader's language: "лист Цены, строка 4, ячейка B4".
PLACE_LABELS = (
    ("sheet", gettext_lazy("sheet")),
    ("line", gettext_lazy("line")),
    ("row", gettext_lazy("row")),
    ("column", gettext_lazy("column")),
    ("cell", gettext_lazy("cell")),
)


class Command(BaseCommand):
    help = "Import a price list (YAML, CSV or XLSX) into a shop: preview it, then apply it unless --dry-run."
    # The system checks import every app's admin and URL modules (seconds at start-up) and check nothing
    # an import depends on; `manage.py check` and the web server still run them.
    requires_system_checks = []

    def run_from_argv(self, argv):
        # From the shell the process ends with the command: what start-up made (Django and the apps, some
        # 190,000 objects that live as long as the process) is taken out of the garbage collector's sight,
        # which would otherwise scan it in every full collection and again at exit (0.4 s of CPU).
        # call_command does not come here: a caller that lives on keeps its collector as it was.
        gc.freeze()
        super().run_from_argv(argv)

    def add_arguments(self, parser):
        parser.add_argument("file", help="The price-list file.")
        parser.add_argument("--shop", required=True, help="The shop's id, slug or name.")
        parser.add_argument("--dry-run", action="store_true", help="Only show what would change.")
        parser.add_argument("--format", choices=ImportFormat.values, help="Default: from the file's suffix.")
        parser.add_argument(
            "--confirm-withdrawals",
            action="store_true",
            help="Apply even if the file lists no offer or withdraws more than the allowed share of the shop.",
        )
        parser.add_argument(
            "--confirm-shop-name", action="store_true", help="Apply even if the file names another shop."
        )

    def handle(self, *args, file, shop, dry_run, format, confirm_withdrawals, confirm_shop_name, **options):
        shop = self._shop(shop)
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %s") % path)
        try:
            with path.open("rb") as stream:
                run = create_upload_run(shop=shop, file=File(stream, name=path.name), import_format=format)
            run, pricelist = preview_import(run_id=run.pk)
            if run.status == ImportStatus.FAILED:
                raise CommandError(self._errors(run))
            self._summary(run, _("Preview") if dry_run else _("Changes"))
            if dry_run:
                return
            with tqdm(total=run.progress_total, unit="offer", file=self.stderr._out, disable=None) as bar:

                def report(done: int, total: int) -> None:
                    bar.update(done - bar.n)

                run = apply_import(
                    run_id=run.pk,
                    pricelist=pricelist,
                    progress_callback=report,
                    confirm_withdrawals=confirm_withdrawals,
                    confirm_shop_name=confirm_shop_name,
                )
        except DomainError as exc:
            errors = getattr(exc, "errors", [])
            title = _("The price list was refused; nothing was changed:") if errors else exc.detail
            raise CommandError(self._problems(title, errors)) from exc
        self.stdout.write(
            self.style.SUCCESS(_("Import #%(id)s applied to %(shop)s.") % {"id": run.pk, "shop": shop.name})
        )

    def _shop(self, key: str) -> Shop:
        lookup = Q(slug=key) | Q(name=key)
        if key.isdigit():
            lookup |= Q(pk=int(key))
        shop = Shop.objects.filter(lookup).first()
        if shop is None:
            raise CommandError(_("No shop “%s” (give its id, slug or name).") % key)
        return shop

    def _summary(self, run: ImportRun, title: str) -> None:
        rows = [
            (_("created"), run.created_count),
            (_("updated"), run.updated_count),
            (_("unchanged"), run.unchanged_count),
            (_("withdrawn"), run.withdrawn_count),
            (_("warnings"), len(run.warnings)),
        ]
        self.stdout.write(
            _("%(title)s for %(shop)s (import #%(id)s):") % {"title": title, "shop": run.shop.name, "id": run.pk}
        )
        self.stdout.write(f"  {_('change'):<10} {_('offers'):>8}")
        for label, value in rows:
            self.stdout.write(f"  {label:<10} {value:>8}")
        for guard in run_guards(run):
            self.stdout.write(self.style.ERROR(f"  {guard.message}"))
        for warning in run.warnings[:20]:
            where = warning.get("line", warning.get("row"))
            self.stdout.write(
                self.style.WARNING(
                    "  " + _("line %(line)s: %(message)s") % {"line": where, "message": warning["message"]}
                )
            )

    def _errors(self, run: ImportRun) -> str:
        count = len(run.errors)
        title = ngettext(
            "The price list is invalid (%(count)s problem); nothing was changed:",
            "The price list is invalid (%(count)s problems); nothing was changed:",
            count,
        )
        return self._problems(title % {"count": count}, run.errors)

    def _problems(self, title: str, errors: list[dict]) -> str:
        """The title, then each problem on its line, with where it is when the parser says."""
        lines = [title]
        for error in errors:
            where = [f"{label} {error[key]}" for key, label in PLACE_LABELS if key in error]
            where += [error["field"]] if error.get("field") else []
            lines.append(f"  {', '.join(where)}: {error['message']}" if where else f"  {error['message']}")
        return "\n".join(lines)
