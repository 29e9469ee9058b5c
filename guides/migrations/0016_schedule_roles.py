"""Editors schedule changes and read source checks; Reviewers may look at both."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_CODENAMES = [
    *(f"{action}_scheduledchange" for action in ["add", "change", "delete", "view"]),
    "view_sourcecheck",
]
REVIEWER_CODENAMES = ["view_scheduledchange", "view_sourcecheck"]


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
    editors.permissions.add(*permissions(apps, EDITOR_CODENAMES))
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.add(*permissions(apps, REVIEWER_CODENAMES))


def revoke(apps, schema_editor):
    # By id: when every migration is unapplied in one run, the rendered Permission model may not
    # be the one the group's relation was rendered with.
    ids = list(permissions(apps, EDITOR_CODENAMES).values_list("pk", flat=True))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Reviewers"]):
        group.permissions.remove(*ids)


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0015_schedule_source_checks_editor_profile"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
