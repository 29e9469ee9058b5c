"""Migrations: reversible wherever Django allows, and the schema matches the models."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython, RunSQL

from guides.models import Guide, SafetyNote


def guides_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return [migration for (app, _), migration in loader.disk_migrations.items() if app == "guides"]


def test_every_data_migration_can_be_reversed():
    for migration in guides_migrations():
        for operation in migration.operations:
            if isinstance(operation, RunPython | RunSQL):
                assert operation.reversible, f"{migration.name}: {operation.describe()}"


def guides_tables():
    return {name for name in connection.introspection.table_names() if name.startswith("guides_")}


# Rebuilds the schema, so it cannot run inside a test transaction; serialized_rollback puts
# back what the migrations created (the Editors group, the core notes) for the tests after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_guides_migrate_to_zero_and_back():
    call_command("load_demo_content", stdout=StringIO())
    assert Guide.objects.exists()

    call_command("migrate", "guides", "zero", verbosity=0)
    assert guides_tables() == set()
    assert not Group.objects.filter(name="Editors").exists()

    call_command("migrate", "guides", verbosity=0)
    assert "guides_guide" in guides_tables()
    assert Group.objects.get(name="Editors").permissions.filter(codename="change_guide").exists()
    for topic in SafetyNote.CORE_TOPICS:
        assert SafetyNote.objects.covering_core_topic(topic).exists()
    call_command("load_demo_content", stdout=StringIO())
    assert Guide.objects.published().exists()


def test_models_and_migrations_agree(db):
    out = StringIO()
    call_command("makemigrations", "guides", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
