"""`manage.py relay_outbox`: the embedded mode's relay, one pass or a loop."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from notifications.management.commands import relay_outbox
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_one_pass_sends_the_due_messages(template_dir):
    OutboxMessage.objects.create(key="greeting", recipients=["a@example.com"], context={"name": "A"})
    out = StringIO()
    call_command("relay_outbox", stdout=out)
    assert "1 e-mail(s) sent." in out.getvalue()
    assert len(mail.outbox) == 1 and OutboxMessage.objects.get().status == OutboxMessage.Status.SENT


def test_the_loop_relays_each_interval_until_interrupted(template_dir, monkeypatch):
    pauses = []

    def sleep(seconds):
        pauses.append(seconds)
        if len(pauses) == 1:  # a message arrives between two passes
            OutboxMessage.objects.create(key="greeting", recipients=["b@example.com"], context={"name": "B"})
        else:
            raise KeyboardInterrupt

    monkeypatch.setattr(relay_outbox.time, "sleep", sleep)
    out = StringIO()
    call_command("relay_outbox", "--loop", "--interval", "2", stdout=out)
    assert pauses == [2.0, 2.0]
    assert out.getvalue().splitlines() == ["0 e-mail(s) sent.", "1 e-mail(s) sent.", "Relay stopped."]
    assert [m.to for m in mail.outbox] == [["b@example.com"]]
