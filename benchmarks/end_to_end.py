"""End-to-end import benchmark: `manage.py import_pricelist` as a shell runs it, process start included.

    DATABASE_URL=postgres://… python -m benchmarks.end_to_end --offers 100000

For each format suppliers send (nested YAML, flat YAML, CSV), on an emptied catalogue: a shop's first import
(every product new), the same file again (all unchanged), then a second shop's first import of the same file
(every product exists: its offers join them, as when several suppliers sell the same goods). Each subprocess
is reaped with os.wait4, which gives its own CPU time (user + sys) and peak RSS; wall time is measured around
it. The table goes to the terminal and to its section of benchmarks/RESULTS.md. The database is flushed, so
give the benchmark one of its own.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from .results_file import write_section

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

FILES = (("nested YAML", "nested", "yaml"), ("flat YAML", "flat", "yaml"), ("CSV", "csv", "csv"))


def timed_import(path: Path, shop: str) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of one `manage.py import_pricelist` subprocess."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "manage.py", "import_pricelist", str(path), "--shop", shop, "--confirm-shop-name"],
        stdout=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, child.args)
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def load() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=Path("var/bench"))
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.core.management import call_command

    from shop.models import Shop

    from .generate import write_pricelist

    call_command("migrate", verbosity=0)
    print(f"load average before: {load()}; cpus: {os.cpu_count()}", flush=True)
    rows = []
    for label, form, suffix in FILES:
        path = write_pricelist(args.workdir / f"e2e-{form}-{args.offers}.{suffix}", offers=args.offers, form=form)
        call_command("flush", interactive=False, verbosity=0)
        for slug in ("e2e-first", "e2e-second"):
            Shop.objects.create(name=slug, slug=slug)
        # a first import, the same file again, then another shop's first import of the same goods
        runs = [timed_import(path, slug) for slug in ("e2e-first", "e2e-first", "e2e-second")]
        rows.append((label, path.stat().st_size / 1e6, runs))
        print(f"  done: {label}", file=sys.stderr, flush=True)
    header = ("first import", "unchanged re-import", "second shop, same goods")
    lines = [
        f"{'':<12} {'':>6}" + "".join(f" {title:>28}" for title in header),
        f"{'format':<12} {'MB':>6}" + f" {'wall s':>8} {'CPU s':>8} {'RSS MB':>10}" * len(header),
    ]
    for label, size, runs in rows:
        lines.append(
            f"{label:<12} {size:>6.1f}" + "".join(f" {wall:>8.2f} {cpu:>8.2f} {rss:>10.0f}" for wall, cpu, rss in runs)
        )
    table = "\n".join(lines)
    print(table)
    print(f"load average after: {load()}")
    write_section("end-to-end", f"python -m benchmarks.end_to_end --offers {args.offers}", table)


if __name__ == "__main__":
    main()
