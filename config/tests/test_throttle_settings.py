from .test_settings_modes import run_python

PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps(s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']))"
)


def test_the_auth_throttle_rate_comes_from_the_environment(tmp_path):
    result = run_python(["-c", PROBE], {"THROTTLE_AUTH": "7/hour"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"auth": "7/hour"' in result.stdout
