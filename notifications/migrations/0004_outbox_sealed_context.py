"""Outbox rows written before sealing kept their reset and confirmation links in the readable context: a message
still to be sent gets them sealed, a sent one loses them."""

from django.db import migrations, models

from notifications.sealing import seal

# The notifications whose context held a live link before sealing, and the keys of those links.
SECRET_KEYS = {
    "password_reset": ("reset_url",),
    "email_change": ("confirm_url",),
    "account_confirmation": ("confirm_url", "api_confirm_url"),
    "contact_confirmation": ("link",),
}


def seal_stored_links(apps, schema_editor) -> None:
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    for message in OutboxMessage.objects.filter(key__in=SECRET_KEYS).iterator():
        links = {name: message.context.pop(name) for name in SECRET_KEYS[message.key] if name in message.context}
        if not links:
            continue
        if message.status != "sent":
            message.sealed_context = seal(links)
        message.save(update_fields=["context", "sealed_context"])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_outbox_message_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="sealed_context",
            field=models.TextField(blank=True, editable=False, verbose_name="sealed context"),
        ),
        migrations.RunPython(seal_stored_links, migrations.RunPython.noop),
    ]
