"""The Celery app: Redis broker when REDIS_URL is set; tasks run eagerly in-process otherwise."""

import os

from celery import Celery

from .worker_heartbeat import QueueHeartbeat

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("orderservice")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.steps["consumer"].add(QueueHeartbeat)
