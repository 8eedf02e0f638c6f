"""The production shape without Docker: the commands docker-compose runs (migrate, gunicorn, a Celery worker per
queue, beat) on PostgreSQL and Redis with an SMTP sink, and a customer's whole way through over HTTP and SMTP.

Runs where CI provides DATABASE_URL and REDIS_URL. Its queues and cache keys carry a private prefix, so the
CI worker and other tests do not take its work.
"""

import email
import os
import re
import subprocess
import sys
import time
import uuid
from email import policy
from email.message import EmailMessage

import pytest
import requests
from aiosmtpd.controller import Controller
from django.conf import settings
from kombu import Queue

from accounts.tests.factories import SupplierFactory
from core.tests.processes import stop, subprocess_database_environment
from shop.tests.factories import OfferFactory, ShopFactory

from .conftest import BASE_DIR, free_port, wait_until_answering

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(
        not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")),
        reason="the production shape needs PostgreSQL and Redis: set DATABASE_URL and REDIS_URL (CI does)",
    ),
]

PASSWORD = "Sturdy-Lantern-42"
MAIL_DEADLINE_SECONDS = 60


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self):
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"

    def wait_for(self, recipient: str, subject_part: str = "") -> str:
        deadline = time.monotonic() + MAIL_DEADLINE_SECONDS
        while time.monotonic() < deadline:
            for message in self.messages:
                if recipient.lower() in message["To"].lower() and subject_part in message["Subject"]:
                    return message.get_body(preferencelist=("plain",)).get_content()
            time.sleep(0.2)
        received = [(message["To"], message["Subject"]) for message in self.messages]
        pytest.fail(f"no e-mail to {recipient} ({subject_part!r}) within {MAIL_DEADLINE_SECONDS} s; got {received}")


@pytest.fixture
def smtp_sink():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def queue_names(prefix: str) -> list[str]:
    """The deployment's queues (CELERY_TASK_QUEUES when it splits its work), renamed under `prefix`."""
    default = settings.CELERY_TASK_DEFAULT_QUEUE
    configured = getattr(settings, "CELERY_TASK_QUEUES", None) or [Queue(default)]
    return [prefix + queue.name.removeprefix(default) for queue in configured]


@pytest.fixture
def production_shape(transactional_db, tmp_path, smtp_sink):
    inbox, smtp_port = smtp_sink
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    prefix = f"smoke-{uuid.uuid4().hex[:8]}"
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment.update(subprocess_database_environment(tmp_path / "var"))
    environment.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "production-smoke-test-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SITE_URL": base_url,
            "CELERY_QUEUE": prefix,
            "CACHE_KEY_PREFIX": prefix,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_PIDFILE": str(tmp_path / "gunicorn.pid"),
            "WEB_CONCURRENCY": "2",
        }
    )
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert migrate.returncode == 0, migrate.stderr
    celery = [sys.executable, "-m", "celery", "-A", "config"]
    commands = {
        "gunicorn": [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
        "beat": [*celery, "beat", "--loglevel=info", f"--schedule={tmp_path / 'celerybeat-schedule'}"],
        **{
            f"worker-{queue}": [*celery, "worker", "--concurrency=1", f"--queues={queue}", f"--hostname={queue}@%h"]
            for queue in queue_names(prefix)
        },
    }
    processes = {}
    try:
        for name, command in commands.items():
            with (tmp_path / f"{name}.log").open("w") as log:
                processes[name] = subprocess.Popen(
                    command, cwd=BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT
                )
        wait_until_answering(f"{base_url}/readyz", processes["gunicorn"], tmp_path / "gunicorn.log")
        yield base_url, inbox
    finally:
        for process in processes.values():
            stop(process)


def test_register_confirm_log_in_and_order_with_e_mails_over_smtp(production_shape):
    base_url, inbox = production_shape
    supplier = SupplierFactory(email="supplier@smoke.example")
    offer = OfferFactory(shop=ShopFactory(owner=supplier), quantity=5)
    http = requests.Session()
    customer = f"customer-{uuid.uuid4().hex[:6]}@smoke.example"

    registered = http.post(
        f"{base_url}/api/v1/register/",
        json={"email": customer, "password": PASSWORD, "password_confirm": PASSWORD, "first_name": "Nina"},
        timeout=30,
    )
    assert registered.status_code == 201, registered.text
    link = re.search(r"https?://\S+/api/v1/confirm-email/[0-9a-f-]+/", inbox.wait_for(customer)).group(0)
    assert link.startswith(base_url)
    assert http.get(link, timeout=30).status_code == 200

    login = http.post(f"{base_url}/api/v1/login/", json={"email": customer, "password": PASSWORD}, timeout=30)
    assert login.status_code == 200, login.text
    http.headers["Authorization"] = f"Bearer {login.json()['access']}"
    assert http.get(f"{base_url}/api/v1/products/{offer.product_id}/", timeout=30).status_code == 200
    added = http.post(f"{base_url}/api/v1/cart/add/", json={"product_info_id": offer.pk, "quantity": 2}, timeout=30)
    assert added.status_code in (200, 201), added.text
    contact = http.post(
        f"{base_url}/api/v1/contacts/",
        json={"first_name": "Nina", "last_name": "K", "email": customer, "phone": "+7 (900) 123-45-67"}
        | {"city": "Moscow", "street": "Arbat", "house": "10"},
        timeout=30,
    )
    assert contact.status_code == 201, contact.text
    order = http.post(
        f"{base_url}/api/v1/confirm-order/",
        json={"contact_id": contact.json()["id"], "expected_total": added.json()["total_price"]},
        timeout=30,
    )
    assert order.status_code == 201, order.text

    order_id = str(order.json()["id"])
    assert order_id in inbox.wait_for(customer, order_id)
    assert order_id in inbox.wait_for(supplier.email, order_id)
    offer.refresh_from_db()
    assert offer.quantity == 3
