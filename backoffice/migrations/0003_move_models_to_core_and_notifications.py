"""StoreSettings moved to core and EmailTemplate to notifications, tables and rows untouched.

Only the model state leaves the back office here. The content types are relabelled rather than recreated,
so the permissions granted on them (change_storesettings, change_emailtemplate, …) and the admin log
entries that point at them follow the models.
"""

from django.db import migrations

MOVED = {"storesettings": "core", "emailtemplate": "notifications"}


def relabel_content_types(apps, from_labels: dict[str, str], to_labels: dict[str, str]) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, old_label in from_labels.items():
        new_label = to_labels[model]
        if ContentType.objects.filter(app_label=new_label, model=model).exists():
            continue  # already made for the new label (remove_stale_contenttypes clears the old one)
        ContentType.objects.filter(app_label=old_label, model=model).update(app_label=new_label)
    ContentType.objects.clear_cache()


def to_new_apps(apps, schema_editor) -> None:
    relabel_content_types(apps, dict.fromkeys(MOVED, "backoffice"), MOVED)


def back_to_backoffice(apps, schema_editor) -> None:
    relabel_content_types(apps, MOVED, dict.fromkeys(MOVED, "backoffice"))


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="EmailTemplate"),
                migrations.DeleteModel(name="StoreSettings"),
            ],
        ),
        migrations.RunPython(to_new_apps, back_to_backoffice),
    ]
