"""Roles: Editors may also verify guides and share previews; Reviewers may look and verify.

Reviewers see every piece of content in the admin (view permissions only, so every form is
read-only for them) and may mark guides verified (`verify_guide`), but cannot change any text.
Neither group may touch users, groups or permissions: only superusers manage those.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_MODELS = [
    "region",
    "operator",
    "officialcontact",
    "channel",
    "guide",
    "guidestep",
    "safetynote",
    "feedback",
    "previewlink",
]


def ensure_permissions(apps):
    # Permissions are normally created after all migrations run; create them now instead.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="guides", codename__in=codenames)


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *permissions(
            apps,
            ["verify_guide"]
            + [f"{action}_previewlink" for action in ("add", "change", "delete", "view")],
        )
    )
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.add(
        *permissions(apps, ["verify_guide"] + [f"view_{model}" for model in CONTENT_MODELS])
    )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name="Reviewers").delete()
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(*permissions(apps, ["verify_guide"]))


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0007_guide_created_at_verify_permission_preview_links"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
