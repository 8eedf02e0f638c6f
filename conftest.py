"""Project-wide test fixtures: isolated media and cache per test, eager Celery unless a test asks for the worker,
and signed-in clients for the admin and the API."""

import os
import subprocess
import sys
import uuid

import pytest
from celery import current_app as celery_app
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from rest_framework.test import APIClient
from wagtail.models import Collection, Locale, Page, Site

from accounts.services.tokens import issue_token_pair
from accounts.tests.factories import UserFactory
from core.tests.processes import stop, subprocess_database_environment
from notifications.tests.servers import ThrowawayRedis


def pytest_collection_modifyitems(config, items):
    on_postgres = django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip_sqlite = pytest.mark.skip(reason="needs PostgreSQL row locks and real concurrency; set DATABASE_URL")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_sqlite)


@pytest.fixture(autouse=True)
def _isolated_environment(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A fresh key prefix gives every test an empty cache without flushing a Redis shared with the broker.
    caches = {alias: dict(config) for alias, config in django_settings.CACHES.items()}
    for alias, config in caches.items():
        config["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
        if config["BACKEND"].endswith("FileBasedCache"):
            config["LOCATION"] = tmp_path / f"cache-{alias}"
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    """A flush between transactional tests recreates content types under new ids; forget the old ones."""
    ContentType.objects.clear_cache()


@pytest.fixture
def wagtail_site(transactional_db):
    """The page tree root, default site and root collection the migrations make, for tests of the whole admin.

    A transactional test's flush removes them, and serialized rollback cannot bring them back once an earlier
    flush has renumbered the content types, so they are made again here when missing.
    """
    if not Site.objects.exists():
        locale, _ = Locale.objects.get_or_create(language_code=django_settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
        home = root.add_child(instance=Page(title="Home", slug="home", locale=locale))
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="Order Service")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    return Site.objects.get(is_default_site=True)


@pytest.fixture(autouse=True)
def _celery_mode(request):
    """Tasks run in-process unless the test is marked `celery_worker`, which needs the real worker."""
    wants_worker = request.node.get_closest_marker("celery_worker") is not None
    previous = celery_app.conf.task_always_eager
    if wants_worker:
        if not django_settings.REDIS_URL:
            pytest.skip("needs a Celery worker on Redis; set REDIS_URL and start one (.ci/run does)")
        replies = celery_app.control.ping(timeout=2)
        if not replies:
            pytest.skip("no Celery worker answered a ping on the broker")
        celery_app.conf.task_always_eager = False
    else:
        celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def staff_client(client):
    """A client signed in to the admin as a user of one back-office role: `staff_client("Order managers")`."""

    def sign_in(group_name: str):
        user = UserFactory(is_staff=True)
        user.groups.add(Group.objects.get(name=group_name))
        client.force_login(user)
        client.user = user
        return client

    return sign_in


@pytest.fixture
def api_client() -> APIClient:
    """An API client without credentials."""
    return APIClient()


@pytest.fixture
def api_client_for():
    """Builds an API client sending a real access JWT of the given user, as the SPA does: `api_client_for(user)`."""

    def sign_in(user) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_token_pair(user=user).access}")
        return client

    return sign_in


@pytest.fixture
def broker():
    """A throw-away Redis as the Celery broker of this process; tasks are published, not run eagerly."""
    redis = ThrowawayRedis()
    redis.start()
    conf = celery_app.conf
    previous = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = redis.url, False
    forget_broker_connections()
    yield redis
    conf.broker_url, conf.task_always_eager = previous
    forget_broker_connections()
    redis.stop()


@pytest.fixture
def start_celery_worker(broker, tmp_path):
    """Starts real `celery worker` processes on queues of the throw-away broker, over the test database:
    `start_celery_worker("name", queues=("imports",), pool="solo", environment={...})`. Stopped at the end."""
    env = {
        **os.environ,
        **subprocess_database_environment(tmp_path / "var"),
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": broker.url,
        "CELERY_QUEUE": django_settings.CELERY_TASK_DEFAULT_QUEUE,
    }
    workers = []

    def start(
        name: str, *, queues=("imports",), pool: str = "solo", environment: dict[str, str] | None = None
    ) -> subprocess.Popen:
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", f"--pool={pool}", "--loglevel=info"]
        command += ["--concurrency=1", "--without-mingle", "--without-gossip", f"--hostname={name}-{os.getpid()}@%h"]
        command += ["--queues=" + ",".join(f"{django_settings.CELERY_TASK_DEFAULT_QUEUE}.{kind}" for kind in queues)]
        with (tmp_path / f"{name}.log").open("wb") as log:
            workers.append(
                subprocess.Popen(command, env={**env, **(environment or {})}, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
            )
        return workers[-1]

    yield start
    for worker in workers:
        stop(worker)


def forget_broker_connections() -> None:
    """The app keeps its connection and producer pools; they were made for the previous broker URL."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
