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


def test_debug_without_a_secret_key_signs_with_a_random_key_kept_in_var(tmp_path):
    probe = "import django; django.setup(); from django.conf import settings as s; print(s.SECRET_KEY)"
    first = run_python(["-c", probe], {}, tmp_path)
    second = run_python(["-c", probe], {}, tmp_path)
    key_file = tmp_path / "var" / "secret_key"

    assert first.returncode == 0, first.stderr
    key = first.stdout.strip().splitlines()[-1]
    assert key == second.stdout.strip().splitlines()[-1] == key_file.read_text().strip()
    assert len(key) >= 50 and "insecure" not in key
    assert key_file.stat().st_mode & 0o777 == 0o600
    tracked = subprocess.run(["git", "grep", "-F", key], cwd=BASE_DIR, capture_output=True, text=True)
    assert tracked.stdout == ""
    other = run_python(["-c", probe], {}, tmp_path / "elsewhere")
    assert other.stdout.strip().splitlines()[-1] != key


def test_debug_with_a_public_host_warns_loudly_at_start_up(tmp_path):
    probe = "import django; django.setup()"
    public = run_python(["-c", probe], {"DEBUG": "1", "ALLOWED_HOSTS": "localhost,shop.example.com"}, tmp_path)
    local = run_python(["-c", probe], {"DEBUG": "1"}, tmp_path)
    off = run_python(
        ["-c", probe], {"DEBUG": "0", "SECRET_KEY": "s" * 60, "ALLOWED_HOSTS": "shop.example.com"}, tmp_path
    )

    assert "WARNING" in public.stderr and "DEBUG is on while ALLOWED_HOSTS admits shop.example.com" in public.stderr
    assert "DEBUG is on" not in local.stderr and "DEBUG is on" not in off.stderr


def test_feeds_allowed_to_reach_private_networks_outside_debug_warn_at_start_up(tmp_path):
    probe = "import django; django.setup()"
    deployed = {"DEBUG": "0", "SECRET_KEY": "s" * 60, "ALLOWED_HOSTS": "shop.example.com"}
    allowed = run_python(["-c", probe], {**deployed, "PRICELIST_FEED_ALLOW_PRIVATE": "1"}, tmp_path)
    default = run_python(["-c", probe], deployed, tmp_path)
    assert "WARNING" in allowed.stderr and "PRICELIST_FEED_ALLOW_PRIVATE is on" in allowed.stderr
    assert "PRICELIST_FEED_ALLOW_PRIVATE" not in default.stderr


def test_proxy_headers_are_not_trusted_unless_configured(tmp_path):
    probe = (
        "import django; django.setup(); from django.conf import settings as s; print(s.REST_FRAMEWORK['NUM_PROXIES'])"
    )
    assert run_python(["-c", probe], {}, tmp_path).stdout.strip().splitlines()[-1] == "0"
    assert run_python(["-c", probe], {"NUM_PROXIES": "1"}, tmp_path).stdout.strip().splitlines()[-1] == "1"
