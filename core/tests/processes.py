"""Helpers for tests that start the project's own programs (gunicorn, Celery workers) as subprocesses."""

import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.db import connection


def subprocess_database_environment(var_dir: Path) -> dict[str, str]:
    """Environment that points a subprocess at this test's database, with what the test committed so far.

    PostgreSQL: the test database itself. SQLite (in memory in tests): a copy in `var_dir`, where the
    embedded mode looks for it.
    """
    var_dir.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(var_dir / "db.sqlite3")) as copy:
            connection.connection.backup(copy)
        return {"VAR_DIR": str(var_dir)}
    db = connection.settings_dict
    return {
        "VAR_DIR": str(var_dir),
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
