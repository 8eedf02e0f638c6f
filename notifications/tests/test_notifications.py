import smtplib

import pytest
from django.core import mail

from notifications import tasks
from notifications.services import queue_notification


@pytest.fixture
def template_dir(settings, tmp_path):
    folder = tmp_path / "emails"
    folder.mkdir()
    (folder / "greeting.subject.txt").write_text("Hello\n {{ name }}")
    (folder / "greeting.txt").write_text("Dear {{ name }}, welcome.")
    (folder / "greeting.html").write_text("<p>Dear <b>{{ name }}</b></p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    return folder


@pytest.mark.django_db
def test_sent_after_commit_with_text_and_html(template_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_notification(key="greeting", to=["a@example.com", "", "a@example.com"], context={"name": "Anna"})
        assert mail.outbox == []
    [message] = mail.outbox
    assert (message.subject, message.to, message.body) == ("Hello Anna", ["a@example.com"], "Dear Anna, welcome.")
    assert message.alternatives[0][1] == "text/html"


@pytest.mark.django_db
def test_nothing_is_sent_when_the_transaction_rolls_back(template_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_notification(key="greeting", to=["a@example.com"], context={"name": "Anna"})
    assert len(callbacks) == 1 and mail.outbox == []


@pytest.mark.django_db  # rendering looks for an e-mail template edited in the back office
def test_smtp_failures_are_retried(template_dir, settings, monkeypatch):
    calls = []

    def failing_send(self, fail_silently=False):
        calls.append(1)
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(tasks.EmailMultiAlternatives, "send", failing_send)
    monkeypatch.setattr(tasks.send_notification, "max_retries", 2)
    conf = tasks.send_notification.app.conf
    propagates, conf.task_eager_propagates = conf.task_eager_propagates, False
    try:
        result = tasks.send_notification.apply(args=("greeting", ["a@example.com"], {"name": "A"}), throw=False)
    finally:
        conf.task_eager_propagates = propagates
    assert len(calls) == 3  # the first try and two retries
    assert result.state == "FAILURE"
    assert isinstance(result.result, smtplib.SMTPServerDisconnected)
