import time

from django.core.management.base import BaseCommand

from notifications.delivery import relay_due_messages


class Command(BaseCommand):
    help = (
        "Send the outbox's due e-mails: one pass, or with --loop every --interval seconds until stopped "
        "(the embedded mode's stand-in for Celery beat's notifications.relay_outbox)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep relaying until interrupted.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between passes with --loop.")

    def handle(self, *args, loop: bool, interval: float, **options):
        try:
            while True:
                sent = relay_due_messages()
                self.stdout.write(f"{sent} e-mail(s) sent.")
                if not loop:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("Relay stopped.")
