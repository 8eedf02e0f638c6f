"""Each runtime mode is read in a fresh interpreter, as a deployment would start it."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'db': s.DATABASES['default']['ENGINE'], 'cache': s.CACHES['default']['BACKEND'], "
    "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, 'email': s.EMAIL_BACKEND, "
    "'debug': s.DEBUG, 'cors': s.CORS_ALLOWED_ORIGINS, "
    "'db_health_checks': s.DATABASES['default']['CONN_HEALTH_CHECKS'], "
    "'throttle_cache': s.CACHES['throttle']['BACKEND']}))"
)
MODE_VARIABLES = ("DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SENTRY_DSN")


def run_python(args: list[str], env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if key not in MODE_VARIABLES}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": str(tmp_path / "var")}, **env)
    return subprocess.run([sys.executable, *args], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=120)


def read_settings(env: dict[str, str], tmp_path) -> dict:
    result = run_python(["-c", PROBE], env, tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_default_needs_nothing(tmp_path):
    mode = read_settings({}, tmp_path)
    assert mode["db"] == "django.db.backends.sqlite3"
    assert mode["cache"].endswith("LocMemCache")
    assert mode["eager"] is True
    assert mode["email"] == "config.email_backends.ConsoleAndFileEmailBackend"
    assert "http://localhost:5173" in mode["cors"]


def test_production_shape_from_environment(tmp_path):
    mode = read_settings(
        {
            "DATABASE_URL": "postgres://user:pw@db:5432/orders",
            "REDIS_URL": "redis://cache:6379/0",
            "EMAIL_HOST": "smtp.example.com",
            "SECRET_KEY": "x" * 60,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "shop.example.com",
            "CORS_ALLOWED_ORIGINS": "https://shop.example.com",
        },
        tmp_path,
    )
    assert mode["db"] == "django.db.backends.postgresql"
    assert mode["cache"].endswith("RedisCache")
    assert mode["throttle_cache"] == "core.cache.FallbackCache"
    assert mode["db_health_checks"] is True
    assert (mode["eager"], mode["broker"]) == (False, "redis://cache:6379/0")
    assert mode["email"].endswith("smtp.EmailBackend")
    assert mode["cors"] == ["https://shop.example.com"]


def test_debug_off_without_secret_key_is_a_clear_startup_error(tmp_path):
    result = run_python(["-c", PROBE], {"DEBUG": "0"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG=0" in result.stderr


def test_check_deploy_is_clean_with_debug_off(tmp_path):
    env = {"DEBUG": "0", "SECRET_KEY": "k3y-" + "a1b2c3d4e5" * 6, "ALLOWED_HOSTS": "shop.example.com"}
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_sentry_reports_django_and_celery_only_when_a_dsn_is_set(tmp_path):
    probe = (
        "import django, sentry_sdk; django.setup(); client = sentry_sdk.get_client(); "
        "print(client.is_active(), sorted(client.integrations) if client.is_active() else [])"
    )
    assert run_python(["-c", probe], {}, tmp_path).stdout.strip().endswith("False []")
    active = run_python(["-c", probe], {"SENTRY_DSN": "http://public@127.0.0.1:9/1"}, tmp_path)
    assert active.returncode == 0, active.stderr
    line = active.stdout.strip().splitlines()[-1]
    assert line.startswith("True") and "'django'" in line and "'celery'" in line
