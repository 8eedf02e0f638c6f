"""The latest figures of a benchmark, written into benchmarks/RESULTS.md between its section's markers.

A section is `<!-- NAME:begin -->` … `<!-- NAME:end -->`; a run replaces what is between them (the notes
around it are kept) and says when, on which commit and how loaded the machine was. A missing section is
added at the end.
"""

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def provenance() -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=RESULTS.parent, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no", "--", ".", f":!{RESULTS.name}"],
        capture_output=True,
        text=True,
        cwd=RESULTS.parent,
        check=False,
    ).stdout.strip()
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    state = f"{commit or 'unknown commit'}{' with uncommitted changes' if dirty else ''}"
    return f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {state}, {os.cpu_count()} CPUs, load average {load} at the end"


def write_section(name: str, command: str, table: str, path: Path = RESULTS) -> None:
    """Replace the section `name` of the results file with `table`, the command that made it and when."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    body = f"{begin}\nWritten by `{command}` ({provenance()}):\n\n```\n{table.rstrip()}\n```\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + body + rest.split(end, 1)[1]
    else:
        text = f"{text.rstrip()}\n\n{body}\n"
    path.write_text(text, encoding="utf-8")
