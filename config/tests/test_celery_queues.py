"""Celery work is split into queues under the CELERY_QUEUE prefix, so a long import never delays an order e-mail."""

import pytest
from celery import current_app as celery_app
from django.conf import settings

PREFIX = settings.CELERY_TASK_DEFAULT_QUEUE


@pytest.fixture(autouse=True)
def _every_task_registered():
    """A worker imports every app's tasks module at start; do the same, whatever this run imported so far."""
    celery_app.loader.import_default_modules()


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("notifications.deliver_message", f"{PREFIX}.notifications"),
        ("notifications.relay_outbox", f"{PREFIX}.notifications"),
        ("imports.run_import", f"{PREFIX}.imports"),
        ("imports.apply_import", f"{PREFIX}.imports"),
        ("shop.make_product_image_renditions", f"{PREFIX}.images"),
        ("accounts.make_avatar_thumbnail", f"{PREFIX}.images"),
        ("shop.clear_catalogue_cache", PREFIX),
    ],
)
def test_each_task_goes_to_its_queue(task, queue):
    assert task in celery_app.tasks
    assert celery_app.amqp.router.route({}, task)["queue"].name == queue


def test_a_worker_without_queue_options_consumes_every_queue():
    declared = {queue.name for queue in celery_app.amqp.queues.values()}
    assert declared == {PREFIX, f"{PREFIX}.imports", f"{PREFIX}.notifications", f"{PREFIX}.images"}


def test_beat_runs_the_outbox_relay_every_few_seconds():
    entry = settings.CELERY_BEAT_SCHEDULE["relay-outbox"]
    assert entry["task"] == "notifications.relay_outbox" and entry["task"] in celery_app.tasks
    assert 0 < entry["schedule"] <= 30


def test_beat_recovers_stale_import_runs_and_prunes_old_import_data():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"imports.recover_import_runs", "imports.prune_import_data"} <= tasks
    assert tasks <= set(celery_app.tasks)
