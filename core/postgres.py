"""PostgreSQL bulk primitives for set-based writes: COPY, ids reserved ahead, temporary staging tables.

Every function runs inside the caller's transaction. Table and column names are code's, never data.
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import psycopg
from django.db import connection


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """COPY … FROM STDIN of the rows: one statement, streamed."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(column) for column in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def reserve_ids(table: str, count: int) -> list[int]:
    """`count` ids from the sequence of `table`.id, for rows written later (COPY, or after rows pointing at them)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
        return [row[0] for row in cursor.fetchall()]


def staging_table(table: str, columns: Sequence[str]) -> str:
    """An empty temporary copy of some of `table`'s columns, dropped at commit; its name is returned."""
    quote = connection.ops.quote_name
    staging = f"staging_{table}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {quote(staging)}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {quote(staging)} ON COMMIT DROP AS "  # noqa: S608 (names, not data)
            f"SELECT {', '.join(quote(column) for column in columns)} FROM {quote(table)} WITH NO DATA"
        )
    return staging


def tune_bulk_transaction() -> None:
    """Settings for the rest of the current transaction (SET LOCAL) when it rewrites 100,000s of rows.

    No JIT: these statements run once, and their row estimates (CTEs over rows the transaction has just
    written) are so far off that the planner compiled ~0.9 s of machine code for a statement of seconds.
    64 MB for each sort and hash, which then stay in memory instead of spilling to temporary files.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '64MB'")


@contextmanager
def binary_cursor() -> Iterator[psycopg.Cursor]:
    """A plain psycopg cursor on Django's connection, for big bytea values passed as `%b` and read with
    `binary=True`: Django's cursor sends and reads a bytea as its hex text, which for a 29 MB price list
    took six to eight times the file in memory."""
    with connection.cursor() as cursor, psycopg.Cursor(cursor.connection) as binary:
        yield binary
