import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from config.settings import redis_caches
from core.tests.processes import stop, subprocess_database_environment

BASE_DIR = Path(__file__).resolve().parents[2]
# Nothing listens on port 1: a connection there is refused at once, as with a Redis that is stopped.
DEAD_REDIS_URL = "redis://127.0.0.1:1/0"


@pytest.fixture
def dead_redis_cache(settings):
    """Both cache aliases pointed at a Redis that is down."""
    settings.CACHES = redis_caches(DEAD_REDIS_URL)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(url: str, process: subprocess.Popen, log: Path, deadline_seconds: float = 90) -> None:
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    pytest.fail(f"{url} did not answer within {deadline_seconds} s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def gunicorn_server(transactional_db, tmp_path):
    """Starts `gunicorn -c config/gunicorn.conf.py` on a free port over this test's database:
    `base_url = gunicorn_server(WEB_CONCURRENCY="2")`. Stopped at the end of the test."""
    processes: list[subprocess.Popen] = []

    def start(**env: str) -> str:
        port = free_port()
        var_dir = tmp_path / f"var-{port}"
        environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
        environment.update(subprocess_database_environment(var_dir))
        environment.update({"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_ACCESS_LOG": "", **env})
        log = tmp_path / f"gunicorn-{port}.log"
        with log.open("w") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
                cwd=BASE_DIR,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        processes.append(process)
        base_url = f"http://127.0.0.1:{port}"
        wait_until_answering(f"{base_url}/healthz", process, log)
        return base_url

    yield start
    for process in processes:
        stop(process)
