"""Fault tests on the real services: the broker (a Redis of the test's own) stops while customers check out.

Orders are placed all the same, their e-mails wait in the outbox, and once Redis is back a real Celery worker
with beat (the outbox relay every second) delivers each of them exactly once over SMTP. The Django cache stays
where the settings put it: only the broker is stopped here.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections import Counter
from decimal import Decimal

import pytest
from django.conf import settings as django_settings

from accounts.tests.factories import SupplierFactory, UserFactory
from core.tests.processes import subprocess_database_environment
from notifications.delivery import deliver_message
from notifications.models import OutboxMessage
from notifications.tests.servers import SmtpSink, free_port, wait_until
from shop.models import Order
from shop.services.cart import add_to_cart
from shop.tests.factories import ContactFactory, OfferFactory, ShopFactory, cart_total

ON_REAL_SERVICES = (
    django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    and bool(django_settings.REDIS_URL)
    and shutil.which("redis-server") is not None
)
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not ON_REAL_SERVICES,
        reason="fault tests need PostgreSQL (DATABASE_URL), Redis (REDIS_URL) and the redis-server program; "
        "the embedded mode has no broker to stop (.ci/run sets them up)",
    ),
]
EMAILS_PER_ORDER = 3  # the customer's "order placed" and one "new order" per supplier of its two shops
DELIVERY_TIMEOUT = 60


@pytest.fixture
def smtp_sink():
    sink = SmtpSink(free_port())
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def start_worker(broker, smtp_sink, tmp_path):
    """Starts `celery worker -B` on every queue, against the test database, the throw-away broker and the sink."""
    env = {
        **os.environ,
        **subprocess_database_environment(tmp_path / "var"),
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": broker.url,
        "CELERY_QUEUE": django_settings.CELERY_TASK_DEFAULT_QUEUE,
        "OUTBOX_RELAY_SECONDS": "1",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_sink.port),
    }
    log = tmp_path / "worker.log"
    workers = []

    def start() -> subprocess.Popen:
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--beat", "--pool=solo"]
        command += [f"--schedule={tmp_path / 'beat-schedule'}", f"--hostname=faults-{os.getpid()}@%h"]
        command += ["--without-mingle", "--without-gossip", "--loglevel=info"]
        with log.open("ab") as output:
            # A session of its own: `--beat` forks the scheduler into a child that must die with the worker.
            workers.append(
                subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
            )
        return workers[-1]

    start.log = log
    yield start
    for worker in workers:  # its tasks are acknowledged late: killing it loses nothing, and is quick
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)


@pytest.fixture
def customers(db, api_client_for):
    """Customers each with a contact and a cart of two lines from two suppliers' shops; checking out places the cart."""
    offers = [
        OfferFactory(shop=ShopFactory(owner=SupplierFactory()), price=Decimal("10"), quantity=100) for _ in range(2)
    ]

    def make(count: int):
        made = []
        for _ in range(count):
            user = UserFactory()
            for offer in offers:
                add_to_cart(user=user, offer_id=offer.pk, quantity=1)
            made.append((api_client_for(user), ContactFactory(user=user)))
        return made

    return make


def check_out(customers) -> list[int]:
    statuses = [
        api.post(
            "/api/v1/confirm-order/", {"contact_id": contact.pk, "expected_total": cart_total(contact.user)}
        ).status_code
        for api, contact in customers
    ]
    assert statuses == [201] * len(customers)
    return statuses


def all_sent() -> bool:
    return not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists()


def assert_each_message_delivered_once(sink: SmtpSink, worker_log) -> None:
    messages = list(OutboxMessage.objects.all())
    expected = Counter(f"<{message.idempotency_key}@orderservice.local>" for message in messages)
    delivered = Counter(sink.message_ids())
    assert delivered == expected, worker_log.read_text()[-3000:]
    for message in messages:  # a repeated delivery, by a task or by the relay, sends nothing more
        assert deliver_message(message_id=message.pk) is False
    assert Counter(sink.message_ids()) == expected


def test_broker_down_during_checkouts_then_back_the_relay_drains_the_outbox(broker, smtp_sink, start_worker, customers):
    before, during, after = customers(2), customers(3), customers(1)
    start_worker()
    check_out(before)
    assert wait_until(all_sent, timeout=DELIVERY_TIMEOUT), start_worker.log.read_text()[-3000:]
    assert len(smtp_sink.messages) == 2 * EMAILS_PER_ORDER  # pushed after commit, sent by the worker

    broker.stop()
    check_out(during)
    assert Order.objects.count() == 5
    waiting = OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT)
    assert waiting.count() == 3 * EMAILS_PER_ORDER
    assert set(waiting.values_list("status", "attempts")) == {(OutboxMessage.Status.PENDING, 0)}

    broker.start()  # the same port, empty: the worker reconnects by itself and beat's relay finds the rows
    check_out(after)
    assert wait_until(all_sent, timeout=DELIVERY_TIMEOUT), start_worker.log.read_text()[-3000:]
    assert_each_message_delivered_once(smtp_sink, start_worker.log)
    assert len(smtp_sink.messages) == 6 * EMAILS_PER_ORDER


def test_redis_restart_loses_the_queued_tasks_but_not_the_emails(broker, smtp_sink, start_worker, customers):
    queued, during = customers(2), customers(2)
    check_out(queued)  # no worker yet: the pushed tasks wait in Redis
    queue = f"{django_settings.CELERY_TASK_DEFAULT_QUEUE}.notifications"
    assert broker.queue_length(queue) == 2 * EMAILS_PER_ORDER

    broker.stop()  # nothing is persisted: the queued tasks die with it
    check_out(during)
    broker.start()
    assert broker.queue_length(queue) == 0
    assert Order.objects.count() == 4 and smtp_sink.messages == []

    start_worker()
    assert wait_until(all_sent, timeout=DELIVERY_TIMEOUT), start_worker.log.read_text()[-3000:]
    assert_each_message_delivered_once(smtp_sink, start_worker.log)
    assert len(smtp_sink.messages) == 4 * EMAILS_PER_ORDER
