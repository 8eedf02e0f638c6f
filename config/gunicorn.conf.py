"""gunicorn settings for `make run` and docker-compose, read from the environment.

Graceful reload: `kill -HUP $(cat var/gunicorn.pid)` starts new workers with the new code and settings and
lets the old ones finish their requests. `kill -TERM` stops gracefully, waiting up to GUNICORN_GRACEFUL_TIMEOUT.
"""

import os
from pathlib import Path


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


_var_dir = Path(os.environ.get("VAR_DIR", Path(__file__).resolve().parent.parent / "var"))

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")
workers = _env_int("WEB_CONCURRENCY", 2)
# More than one thread makes gunicorn use its gthread worker: slow clients do not hold a whole process.
threads = _env_int("GUNICORN_THREADS", 4)
timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)
# A pending-connection queue deep enough for a burst of simultaneous clients.
backlog = _env_int("GUNICORN_BACKLOG", 2048)
pidfile = os.environ.get("GUNICORN_PIDFILE", str(_var_dir / "gunicorn.pid"))
# "-" is standard output; an empty value turns the access log off.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
