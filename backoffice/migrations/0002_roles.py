"""The back-office roles and their exact permissions (see backoffice/tests/test_roles.py).

Permissions are looked up by codename; they are created first, so the migration works on a fresh
database where Django's post_migrate signal has not run yet.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CATALOGUE_MODELS = ("shop", "category", "product", "offer", "parameter", "offerparameter")
ACCESS_ADMIN = ("wagtailadmin", "access_admin")

ROLES = {
    "Merchandisers": [
        *[("shop", f"{action}_{model}") for model in CATALOGUE_MODELS for action in ("add", "change", "delete", "view")],
        ACCESS_ADMIN,
    ],
    "Import managers": [
        ("imports", "add_importrun"),
        ("imports", "change_importrun"),
        ("imports", "view_importrun"),
        ("shop", "view_shop"),
        ACCESS_ADMIN,
    ],
    "Order managers": [
        ("shop", "view_order"),
        ("shop", "change_order"),
        ("shop", "view_contact"),
        ("shop", "change_contact"),
        ("accounts", "view_user"),
        *[("shop", f"view_{model}") for model in CATALOGUE_MODELS],
        ACCESS_ADMIN,
    ],
}
# Wagtail grants image rights per collection: merchandisers manage the images of every collection.
COLLECTION_PERMISSIONS = {"Merchandisers": ("add_image", "change_image", "delete_image", "choose_image")}
APPS_WITH_PERMISSIONS = ("shop", "imports", "accounts", "wagtailadmin", "wagtailimages")


def create_missing_permissions(apps) -> None:
    for label in APPS_WITH_PERMISSIONS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # historical app configs lack it; create_permissions skips them otherwise
        create_permissions(app_config, verbosity=0, apps=apps)


def create_roles(apps, schema_editor) -> None:
    create_missing_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def permission(app_label: str, codename: str):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([permission(app_label, codename) for app_label, codename in codenames])

    root = Collection.objects.filter(depth=1).first()
    for name, codenames in COLLECTION_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission("wagtailimages", codename)
            )


def delete_roles(apps, schema_editor) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0001_initial"),
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("imports", "0001_initial"),
        ("shop", "0001_initial"),
        ("wagtailadmin", "0002_admin"),
        ("wagtailcore", "0066_collection_management_permissions"),
        # Wagtail migrations that hand extra rights to every existing group must run before ours.
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
