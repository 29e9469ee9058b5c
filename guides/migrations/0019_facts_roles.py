"""Editors keep guide facts, operator facts and the routes when a top-up goes wrong; Reviewers
may look."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["guidefact", "operatorfact", "problemroute"]
ACTIONS = ["add", "change", "delete", "view"]


def ensure_permissions(apps):
    # Permissions are normally created after all migrations run; create them now instead.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="guides", codename__in=codenames)


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *permissions(apps, [f"{action}_{model}" for model in MODELS for action in ACTIONS])
    )
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.add(*permissions(apps, [f"view_{model}" for model in MODELS]))


def revoke(apps, schema_editor):
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Reviewers"]):
        group.permissions.remove(*permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0018_facts_routes_abroad"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
