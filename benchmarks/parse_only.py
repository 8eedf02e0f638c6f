"""Parser benchmark: one price-list file parsed and validated, nothing else, with its CPU time and peak RSS.

    python -m benchmarks.parse_only FILE [FILE …]

Each file is parsed in a fresh subprocess, so its peak RSS is its own; the framework's share (settings,
apps) is printed apart as the RSS before the file is read.
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def parse_one(path: Path) -> None:
    import django

    django.setup()
    from imports.parsers.formats import detect_format, parse_pricelist

    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    content = path.read_bytes()
    pricelist = parse_pricelist(content, import_format=detect_format(path.name, head=content[:1024]))
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    print(
        f"{path.name:<28} {len(pricelist.offers):>8} {wall:>7.2f} {cpu:>7.2f} "
        f"{before.ru_maxrss / 1024:>9.0f} {after.ru_maxrss / 1024:>8.0f}",
        flush=True,
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        parse_one(args.files[0])
        return
    print(f"load average: {' / '.join(f'{value:.2f}' for value in os.getloadavg())}")
    print(f"{'file':<28} {'offers':>8} {'wall s':>7} {'CPU s':>7} {'start MB':>9} {'peak MB':>8}", flush=True)
    for path in args.files:
        subprocess.run([sys.executable, "-m", "benchmarks.parse_only", "--child", str(path)], check=True)


if __name__ == "__main__":
    main()
