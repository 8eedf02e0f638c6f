"""Order managers answer customers about their e-mails: they see the outgoing e-mails (view) and may resend
the undelivered ones (change; nobody edits a message, see notifications/wagtail_hooks.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE = "Order managers"
CODENAMES = ("view_outboxmessage", "change_outboxmessage")


def permissions(apps):
    app_config = apps.get_app_config("notifications")
    app_config.models_module = True  # historical app configs lack it; create_permissions skips them otherwise
    create_permissions(app_config, verbosity=0, apps=apps)
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="notifications", codename__in=CODENAMES)


def grant(apps, schema_editor) -> None:
    group = apps.get_model("auth", "Group").objects.filter(name=ROLE).first()
    if group is not None:
        group.permissions.add(*permissions(apps))


def revoke(apps, schema_editor) -> None:
    group = apps.get_model("auth", "Group").objects.filter(name=ROLE).first()
    if group is not None:
        group.permissions.remove(*permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0003_move_models_to_core_and_notifications"),
        ("notifications", "0002_outbox_message"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
