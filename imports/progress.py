"""Progress of a running import, kept on its ImportRun row so every process (and the eager mode) sees it."""

import logging

from django.db import connection, connections
from django.utils import timezone

from .models import ImportRun

logger = logging.getLogger(__name__)


class ProgressRecorder:
    """Writes `progress_done`/`progress_total` of one run as the work advances, and refreshes its
    `heartbeat_at`: the lease that tells a live worker from a dead one (imports.services.recovery).

    Apply runs in one long transaction; a progress update made inside it would stay invisible until the
    end. On PostgreSQL the recorder therefore writes through a second, autocommit connection. The apply
    transaction must not touch the run row until it has finished reporting, or the two would wait on
    each other. Elsewhere (SQLite, where one writer excludes all others) only updates made outside a
    transaction are written; the final figures are saved with the run.
    """

    def __init__(self, run_id: int, *, total: int, callback=None):
        self.run_id = run_id
        self.total = total
        self.done = 0
        self.callback = callback
        self._side = None
        self._write()

    def advance(self, amount: int) -> None:
        self.done = min(self.total, self.done + amount)
        self._write()

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None

    def _write(self) -> None:
        if self.callback is not None:
            self.callback(self.done, self.total)
        now = timezone.now()
        if not connection.in_atomic_block:
            ImportRun.objects.filter(pk=self.run_id).update(
                progress_done=self.done, progress_total=self.total, heartbeat_at=now
            )
        elif connection.vendor == "postgresql":
            if self._side is None:
                self._side = connections.create_connection(connection.alias)
            with self._side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImportRun._meta.db_table} "  # noqa: S608 (names, not data)
                    "SET progress_done = %s, progress_total = %s, heartbeat_at = %s WHERE id = %s",
                    [self.done, self.total, now, self.run_id],
                )
