"""Stand-ins for the outside services that fault tests stop and start: an SMTP sink and a throw-away Redis."""

import email
import socket
import subprocess
import time
from collections.abc import Callable
from email.message import Message

import redis
from aiosmtpd.controller import Controller


def free_port() -> int:
    """A local TCP port nobody listens on (yet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], bool], *, timeout: float, interval: float = 0.1) -> bool:
    """Poll `condition` until it holds or `timeout` seconds pass; returns whether it held."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


class SmtpSink:
    """An SMTP server on 127.0.0.1:`port` that keeps every message it is given."""

    def __init__(self, port: int):
        self.port = port
        self.messages: list[Message] = []
        self._controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.messages]


class ThrowawayRedis:
    """A redis-server of the test's own on a free port, without persistence: stopping it loses what it held."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: subprocess.Popen | None = None

    def start(self) -> None:
        self._process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        if not wait_until(self.answers, timeout=10):
            raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait(10)
            self._process = None

    def answers(self) -> bool:
        try:
            return redis.Redis(port=self.port, socket_connect_timeout=1).ping()
        except redis.ConnectionError:
            return False

    def queue_length(self, queue: str) -> int:
        return redis.Redis(port=self.port).llen(queue)
