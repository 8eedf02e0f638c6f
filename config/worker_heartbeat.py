"""Whether each Celery queue has a live consumer, for `/healthz/workers`.

Every worker, while it is connected and consuming, writes a heartbeat for each queue it consumes every
WORKER_HEARTBEAT_SECONDS: its name, scored with the time, in one sorted set per queue on the broker's Redis.
A queue is served when some worker's heartbeat is younger than three intervals. A worker that stops cleanly
removes its own; one that dies simply stops beating. With eager tasks (the embedded mode) every queue is
served by the process that queues the task.
"""

import logging
import time

import redis
from celery import bootsteps
from django.conf import settings

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "celery-queue-heartbeat:{queue}"
MISSED_BEATS_BEFORE_DEAD = 3
REDIS_TIMEOUT_SECONDS = 1


def queue_kinds() -> dict[str, str]:
    """The kind of work of each of this deployment's queues (`default`, `imports`, …), by queue name."""
    default = settings.CELERY_TASK_DEFAULT_QUEUE
    return {
        queue.name: "default" if queue.name == default else queue.name.removeprefix(f"{default}.")
        for queue in settings.CELERY_TASK_QUEUES
    }


def _redis(broker_url: str) -> redis.Redis:
    return redis.Redis.from_url(
        broker_url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
    )


def _lifetime() -> float:
    return settings.WORKER_HEARTBEAT_SECONDS * MISSED_BEATS_BEFORE_DEAD


def served_queues(broker_url: str) -> dict[str, bool]:
    """Whether each kind of queue has a live consumer; all False when the broker cannot be read."""
    kinds = queue_kinds()
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return dict.fromkeys(kinds.values(), True)
    since = time.time() - _lifetime()
    try:
        with _redis(broker_url).pipeline(transaction=False) as pipe:
            for queue in kinds:
                pipe.zcount(HEARTBEAT_KEY.format(queue=queue), since, "+inf")
            counts = pipe.execute()
    except (redis.RedisError, OSError):
        logger.warning("worker heartbeats could not be read", exc_info=True)
        return dict.fromkeys(kinds.values(), False)
    return {kind: count > 0 for kind, count in zip(kinds.values(), counts, strict=True)}


class QueueHeartbeat(bootsteps.StartStopStep):
    """A step of the worker's consumer: it runs while the worker is connected to the broker and consuming."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def __init__(self, consumer, **kwargs) -> None:
        super().__init__(consumer, **kwargs)
        self.timer_entry = None

    def start(self, consumer) -> None:
        self.beat(consumer)
        self.timer_entry = consumer.timer.call_repeatedly(
            settings.WORKER_HEARTBEAT_SECONDS, self.beat, (consumer,), priority=10
        )

    def stop(self, consumer) -> None:
        if self.timer_entry is not None:
            self.timer_entry.cancel()
            self.timer_entry = None
        self._write(consumer, remove=True)

    shutdown = stop

    def beat(self, consumer) -> None:
        self._write(consumer, remove=False)

    def _write(self, consumer, *, remove: bool) -> None:
        queues = [queue.name for queue in consumer.task_consumer.queues] if consumer.task_consumer else []
        now = time.time()
        try:
            with _redis(consumer.app.conf.broker_url).pipeline(transaction=False) as pipe:
                for queue in queues:
                    key = HEARTBEAT_KEY.format(queue=queue)
                    if remove:
                        pipe.zrem(key, consumer.hostname)
                    else:
                        pipe.zadd(key, {consumer.hostname: now})
                        pipe.zremrangebyscore(key, "-inf", now - _lifetime())
                        pipe.expire(key, int(_lifetime()) + 1)
                pipe.execute()
        except (redis.RedisError, OSError) as exc:
            # the broker being down already stops the consumer; the heartbeat just lapses
            logger.warning("worker heartbeat not written: %s", exc)
