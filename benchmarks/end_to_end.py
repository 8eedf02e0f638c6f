"""End-to-end import benchmark: `manage.py import_pricelist` as a shell runs it, process start included.

    DATABASE_URL=postgres://… python -m benchmarks.end_to_end --offers 100000

For each format suppliers send (nested YAML, flat YAML, CSV) a fresh shop gets a first import, then the same
file again (all unchanged). Each subprocess is reaped with os.wait4, which gives its own CPU time (user + sys)
and peak RSS; wall time is measured around it. The load average is printed before and after: the machine is
shared, so CPU time is the figure that tells what the code costs on an idle machine.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

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
        slug = f"e2e-{form}-{time.time_ns()}"
        Shop.objects.create(name=f"End to end {form} {time.time_ns()}", slug=slug)
        first = timed_import(path, slug)
        again = timed_import(path, slug)
        rows.append((label, path.stat().st_size / 1e6, first, again))
        print(f"  done: {label}", file=sys.stderr, flush=True)
    print(f"{'':<12} {'':>6} {'first import':>28} {'unchanged re-import':>28}")
    print(f"{'format':<12} {'MB':>6}" + f" {'wall s':>8} {'CPU s':>8} {'RSS MB':>10}" * 2)
    for label, size, first, again in rows:
        print(
            f"{label:<12} {size:>6.1f} {first[0]:>8.2f} {first[1]:>8.2f} {first[2]:>10.0f}"
            f" {again[0]:>8.2f} {again[1]:>8.2f} {again[2]:>10.0f}"
        )
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
