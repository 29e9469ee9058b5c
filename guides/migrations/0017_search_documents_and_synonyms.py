"""Search documents stored on each guide, editors' synonyms, and searches that found nothing.

Search now reads two stored documents per guide, `search_title` and `search_text`, the same on
every database (guides/search/reading.py). On PostgreSQL `search_text` gets a trigram index, which
serves the `LIKE '%…%'` that finds guides; the English tsvector column of migration 0011 and the Chinese
trigram indexes of migration 0009, which nothing reads any more, go.

The documents of existing guides are written here; the code that writes them on every save is
`Guide.set_search_documents`. Deploy: migrate, then restart the app servers.
"""

import django.utils.timezone
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

from guides.search import reading

# Every statement may run again on a database that has it already (tests on a transactional
# database replay the RunPython operations: tests/conftest.py, `data_migration_rows`).
FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE guides_guide DROP COLUMN IF EXISTS search_en",
    *(
        f"DROP INDEX IF EXISTS guide_trgm_{field}"
        for field in ("title_zh_hans", "summary_zh_hans", "body_zh_hans")
    ),
    # Finding guides reads `search_text` only (the title is in it too); `search_title` only
    # ranks the guides found, so it needs no index.
    "CREATE INDEX IF NOT EXISTS guide_search_text_trgm ON guides_guide "
    "USING gin (search_text gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS guide_search_text_trgm"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


def write_documents(apps, schema_editor):
    """What `Guide.set_search_documents` writes, for the guides already stored."""
    Guide = apps.get_model("guides", "Guide")
    guides = Guide.objects.using(schema_editor.connection.alias).prefetch_related("steps")
    languages = ("zh_hans", "en")
    for guide in guides.order_by("pk").iterator(chunk_size=1000):
        steps = list(guide.steps.all())
        guide.search_title = reading.document(*(getattr(guide, f"title_{s}") for s in languages))
        guide.search_text = reading.document(
            *(getattr(guide, f"{n}_{s}") for n in ("title", "summary", "body") for s in languages),
            *(getattr(step, f"text_{s}") for step in steps for s in languages),
        )
        guide.save(update_fields=["search_title", "search_text"])


# Editors keep the synonyms and deal with the searches that found nothing; Reviewers may look.
EDITOR_PERMISSIONS = [
    *(f"{action}_searchsynonym" for action in ("add", "change", "delete", "view")),
    *(f"{action}_missedsearch" for action in ("change", "delete", "view")),
]
REVIEWER_PERMISSIONS = ["view_searchsynonym", "view_missedsearch"]


def permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="guides", codename__in=codenames)


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations run; create them now instead.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*permissions(apps, EDITOR_PERMISSIONS))
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.add(*permissions(apps, REVIEWER_PERMISSIONS))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Reviewers"]):
        group.permissions.remove(*permissions(apps, EDITOR_PERMISSIONS))


class Migration(migrations.Migration):

    dependencies = [
        ('guides', '0016_schedule_roles'),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name='MissedSearch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('query', models.CharField(max_length=100, unique=True, verbose_name='search')),
                ('times', models.PositiveIntegerField(default=1, verbose_name='times')),
                ('first_seen', models.DateTimeField(default=django.utils.timezone.now, verbose_name='first seen')),
                ('last_seen', models.DateTimeField(default=django.utils.timezone.now, verbose_name='last seen')),
                ('is_handled', models.BooleanField(default=False, help_text='Tick once a synonym or a guide answers it; it then leaves the index page.', verbose_name='dealt with')),
            ],
            options={
                'verbose_name': 'search that found nothing',
                'verbose_name_plural': 'searches that found nothing',
                'ordering': ['-times', 'query'],
            },
        ),
        migrations.CreateModel(
            name='SearchSynonym',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('term', models.CharField(help_text="A word or phrase in any language, e.g. 保号, OFW, smart卡, didn't arrive.", max_length=100, unique=True, verbose_name='what readers type')),
                ('meaning', models.CharField(help_text='Words and phrases to look for in guides instead, separated by commas, in both languages where they differ, e.g. 境外, 海外, abroad, roaming.', max_length=500, verbose_name='what it means')),
                ('narrows', models.BooleanField(default=True, help_text='Untick for words every guide is about (充值, load, top up): they then only rank the guides that mention them first, and never leave a search empty.', verbose_name='narrows the search')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='note for editors')),
            ],
            options={
                'verbose_name': 'search synonym',
                'verbose_name_plural': 'search synonyms',
                'ordering': ['term'],
            },
        ),
        migrations.AddField(
            model_name='guide',
            name='search_text',
            field=models.TextField(default='', editable=False),
        ),
        migrations.AddField(
            model_name='guide',
            name='search_title',
            field=models.TextField(default='', editable=False),
        ),
        migrations.RunPython(write_documents, migrations.RunPython.noop),
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
        migrations.RunPython(grant, revoke),
    ]
