"""Upgrading a database made before the store settings and e-mail templates left the back office."""

import pytest
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.models import StoreSettings
from notifications.models import EmailTemplate

OLD_BACKOFFICE = ("backoffice", "0002_roles")
BEFORE_THE_MOVE = [OLD_BACKOFFICE, ("core", None), ("notifications", None)]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor


@pytest.mark.django_db(transaction=True)
def test_an_old_database_keeps_its_settings_templates_and_granted_permissions():
    old_apps = migrate(BEFORE_THE_MOVE).loader.project_state(OLD_BACKOFFICE).apps
    # What post_migrate made on a database of that time (an earlier flush in the suite may have left none).
    old_backoffice = old_apps.get_app_config("backoffice")
    old_backoffice.models_module = True
    create_contenttypes(old_backoffice, verbosity=0, apps=old_apps)
    create_permissions(old_backoffice, verbosity=0, apps=old_apps)
    old_apps.get_model("backoffice", "StoreSettings").objects.create(
        sender_address="Shop <shop@example.com>", low_stock_threshold=9
    )
    old_apps.get_model("backoffice", "EmailTemplate").objects.create(
        key="order_status_changed", subject="S", text_body="T"
    )
    assert set(ContentType.objects.filter(model__in=("storesettings", "emailtemplate")).values_list("app_label")) == {
        ("backoffice",)
    }
    group = Group.objects.create(name="Settings editors")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="backoffice", codename="change_storesettings"),
        Permission.objects.get(content_type__app_label="backoffice", codename="change_emailtemplate"),
    )

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    settings = StoreSettings.load()
    assert (settings.sender_address, settings.low_stock_threshold) == ("Shop <shop@example.com>", 9)
    assert EmailTemplate.objects.get().key == "order_status_changed"
    assert ContentType.objects.get_for_model(StoreSettings).app_label == "core"
    assert ContentType.objects.get_for_model(EmailTemplate).app_label == "notifications"
    assert not ContentType.objects.filter(app_label="backoffice").exists()
    granted = {
        f"{app}.{codename}" for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }
    assert granted == {"core.change_storesettings", "notifications.change_emailtemplate"}
