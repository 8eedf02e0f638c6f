import pytest


@pytest.fixture
def run_callbacks(django_capture_on_commit_callbacks):
    """Eager tasks are queued on commit; run them as the request's transaction would."""

    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run
