"""Import benchmark: wall time, SQL statements and peak memory of preview, apply, re-apply and rollback.

    make bench-import N=100000                    # PostgreSQL at BENCH_DATABASE_URL (see the Makefile)
    DATABASE_URL=postgres://… python -m benchmarks.run_import --offers 100000

The database is flushed first: point it at a database of its own. Peak memory is the process's peak
resident set size during each phase (Linux: VmHWM, reset between phases through /proc/self/clear_refs).
Statements: every statement Django sends plus every COPY (server-side cursor FETCHes of streamed reads
are not counted; there is one per 10,000 rows read).
"""

import argparse
import ctypes
import gc
import io
import os
import sys
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from .results_file import write_section

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


@dataclass
class Measure:
    phase: str
    offers: int
    seconds: float = 0.0
    statements: int = 0
    peak_mb: float = 0.0
    note: str = ""


def _reset_peak() -> None:
    """Give freed heap back to the system, then restart the peak-RSS counter, so a phase is not charged
    for memory an earlier phase freed but the allocator kept."""
    gc.collect()
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    with suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def measure(results: list, phase: str, offers: int, note: str = ""):
    from django.db import connection

    result = Measure(phase, offers, note=note)
    counter = {"n": 0}

    def count(execute, sql, params, many, context):
        counter["n"] += 1
        return execute(sql, params, many, context)

    from core import postgres

    copy_rows = postgres.copy_rows

    def counted_copy(*args, **kwargs):  # COPY runs on the raw psycopg cursor, past execute_wrapper
        counter["n"] += 1
        return copy_rows(*args, **kwargs)

    _reset_peak()
    started = time.perf_counter()
    postgres.copy_rows = counted_copy
    try:
        with connection.execute_wrapper(count):
            yield result
    finally:
        postgres.copy_rows = copy_rows
    result.seconds = time.perf_counter() - started
    result.statements = counter["n"]
    result.peak_mb = _peak_mb()
    results.append(result)
    print(f"  done: {result.phase} ({result.offers} offers) in {result.seconds:.2f} s", file=sys.stderr, flush=True)


def _upload_run(shop, path: Path):
    from django.core.files import File

    from imports.services import create_upload_run

    with path.open("rb") as stream:
        return create_upload_run(shop=shop, file=File(stream, name=path.name))


def run_engine(*, offers: int, workdir: Path, results: list, label: str = "") -> None:
    """The set-based engine on one shop: preview, apply, re-apply unchanged, apply changes, two rollbacks."""
    from imports.models import ImportStatus
    from imports.services import apply_import, preview_import, rollback_import
    from shop.models import Shop

    from .generate import write_pricelist

    base = write_pricelist(workdir / f"base-{offers}.yaml", offers=offers)
    changed = write_pricelist(workdir / f"changed-{offers}.yaml", offers=offers, variant=1)
    shop = Shop.objects.create(name=f"Bench {label}{offers} {time.time_ns()}", slug=f"bench-{time.time_ns()}")

    def checked(run, status):
        if run.status != status:
            raise RuntimeError(f"import #{run.pk} is {run.status}: {run.failure or run.errors[:3]}")
        return run

    run = _upload_run(shop, base)
    with measure(
        results, f"{label}preview (new shop)", offers, "parse + validate + diff + store list and change pages"
    ):
        run, _ = preview_import(run_id=run.pk)
    checked(run, ImportStatus.PREVIEWED)
    with measure(results, f"{label}apply", offers, "stored list + diff under lock + writes + before-image"):
        first = checked(apply_import(run_id=run.pk, confirm_shop_name=True), ImportStatus.APPLIED)
    run = _upload_run(shop, base)
    with measure(results, f"{label}preview unchanged (full shop)", offers, "parse + validate + diff, all unchanged"):
        run, _ = preview_import(run_id=run.pk)
    with measure(results, f"{label}re-apply unchanged", offers, "stored list + diff, nothing to write"):
        checked(apply_import(run_id=run.pk, confirm_shop_name=True), ImportStatus.APPLIED)
    rollback_import(run_id=run.pk)
    run = _upload_run(shop, changed)
    run, _ = preview_import(run_id=run.pk)
    with measure(results, f"{label}apply changes", offers, "50 % repriced, 5 % withdrawn, 5 % new"):
        second = checked(apply_import(run_id=run.pk, confirm_shop_name=True), ImportStatus.APPLIED)
    with measure(results, f"{label}rollback of the changes", offers, "restore 55 % of offers, delete the new"):
        checked(rollback_import(run_id=second.pk), ImportStatus.ROLLED_BACK)
    with measure(results, f"{label}rollback of the first import", offers, "delete every offer it created"):
        checked(rollback_import(run_id=first.pk), ImportStatus.ROLLED_BACK)


def run_per_row_baseline(*, offers: int, workdir: Path, results: list) -> None:
    """The naive per-row way, for comparison: get_or_create per category, product, offer and parameter."""
    from django.db import transaction

    from imports.parsers.yaml_dialects import parse_yaml
    from shop.models import Category, Offer, OfferParameter, Parameter, Product, Shop

    from .generate import write_pricelist

    path = write_pricelist(workdir / f"base-{offers}.yaml", offers=offers)
    shop = Shop.objects.create(name=f"Per-row {offers} {time.time_ns()}", slug=f"per-row-{time.time_ns()}")
    note = "get_or_create per row as the original (in one transaction)"
    with measure(results, "per-row ORM import (baseline)", offers, note), transaction.atomic():
        with path.open("rb") as stream:
            pricelist = parse_yaml(stream)
        for item in pricelist.offers:
            category, _ = Category.objects.get_or_create(name=item.category)
            category.shops.add(shop)
            product, _ = Product.objects.get_or_create(name=item.product, category=category)
            offer, _ = Offer.objects.update_or_create(
                shop=shop,
                external_id=item.external_id,
                defaults={
                    "product": product,
                    "name": item.name,
                    "price": item.price,
                    "price_rrc": item.price_rrc,
                    "quantity": item.quantity,
                },
            )
            for name, value in item.parameters.items():
                parameter, _ = Parameter.objects.get_or_create(name=name)
                OfferParameter.objects.update_or_create(offer=offer, parameter=parameter, defaults={"value": value})


def report(results: list[Measure], out=None) -> None:
    out = out or sys.stdout
    out.write(f"{'phase':<38} {'offers':>8} {'seconds':>8} {'statements':>10} {'peak MB':>8}  note\n")
    for r in results:
        out.write(f"{r.phase:<38} {r.offers:>8} {r.seconds:>8.2f} {r.statements:>10} {r.peak_mb:>8.0f}  {r.note}\n")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--reference", type=int, default=10_000, help="Smaller run to compare statement counts.")
    # 1,000: every per-row save refreshes its product's document and summary through the catalogue signals, so
    # the baseline takes about a minute per 1,000 offers (58 s on the 2-core machine)
    parser.add_argument("--baseline", type=int, default=1_000, help="Offers for the per-row ORM baseline; 0: skip.")
    parser.add_argument("--workdir", type=Path, default=Path("var/bench"))
    parser.add_argument("--no-flush", action="store_true", help="Keep the database's rows (default: flush).")
    args = parser.parse_args(argv)

    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.core.management import call_command

    logging.getLogger("imports").setLevel(logging.WARNING)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"database: {engine} {settings.DATABASES['default'].get('NAME')}; cpus: {os.cpu_count()};"
        f" load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        flush=True,
    )
    call_command("migrate", verbosity=0)
    if not args.no_flush:
        call_command("flush", interactive=False, verbosity=0)
    results: list[Measure] = []
    if args.reference and args.reference < args.offers:
        run_engine(offers=args.reference, workdir=args.workdir, results=results, label="[ref] ")
    run_engine(offers=args.offers, workdir=args.workdir, results=results)
    if args.baseline:
        run_per_row_baseline(offers=args.baseline, workdir=args.workdir, results=results)
    report(results)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    table = io.StringIO()
    report(results, out=table)
    write_section("engine", f"python -m benchmarks.run_import --offers {args.offers}", table.getvalue())


if __name__ == "__main__":
    main()
