"""The "Editors" group: may change content, never users, groups or permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_MODELS = [
    "region",
    "operator",
    "officialcontact",
    "channel",
    "guide",
    "guidestep",
    "safetynote",
    "feedback",
]
ACTIONS = ["add", "change", "delete", "view"]


def ensure_permissions(apps):
    # Permissions are normally created after all migrations run; create them now instead.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_editors_group(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    codenames = [f"{action}_{model}" for model in EDITOR_MODELS for action in ACTIONS]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="guides", codename__in=codenames)
    )


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
