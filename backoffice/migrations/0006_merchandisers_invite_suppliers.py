"""Merchandisers, who create shops, invite each shop's supplier users (shop.invite_supplier).

Permissions are created first, so the migration works on a fresh database before post_migrate has run.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE = "Merchandisers"
CODENAMES = ["invite_supplier"]


def member_permissions(apps):
    app_config = apps.get_app_config("shop")
    app_config.models_module = True  # historical app configs lack it; create_permissions skips them otherwise
    create_permissions(app_config, verbosity=0, apps=apps)
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="shop", codename__in=CODENAMES)


def grant(apps, schema_editor) -> None:
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=ROLE)
    group.permissions.add(*member_permissions(apps))


def revoke(apps, schema_editor) -> None:
    group = apps.get_model("auth", "Group").objects.filter(name=ROLE).first()
    if group is not None:
        group.permissions.remove(*member_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0005_merchandisers_search_synonyms"),
        ("shop", "0014_shop_members"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
