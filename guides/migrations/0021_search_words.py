"""Search looks words up in an index of its own (`SearchWord`) instead of comparing every
guide's text with `LIKE`; a covering index lets it rank guides without reading their rows.

With thousands of guides a common word ("number", "余额") is in nearly every guide, and the
trigram index of migration 0017 still had each of them compared with the pattern, for every
pattern of every word typed. The words of existing guides are written here, from their stored
`search_text`; `Guide.save` and `Guide.refresh_search_documents` keep them from then on. The
trigram index, which nothing reads any more, goes. Deploy: migrate, then restart the app servers.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models.functions import Length

from guides.search import reading

# May run again on a database that has it already (tests/conftest.py replays RunPython).
FORWARD = ["DROP INDEX IF EXISTS guide_search_text_trgm"]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS guide_search_text_trgm ON guides_guide "
    "USING gin (search_text gin_trgm_ops)"
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


def write_words(apps, schema_editor):
    """What `SearchWord.objects.store` writes, for the guides already stored; and, before the
    ranking index holds it, each over-long title document cut as `Guide.save` now cuts it."""
    Guide = apps.get_model("guides", "Guide")
    SearchWord = apps.get_model("guides", "SearchWord")
    alias = schema_editor.connection.alias
    too_long = Guide.objects.using(alias).annotate(length=Length("search_title"))
    too_long = too_long.filter(length__gt=reading.MAX_TITLE_DOCUMENT_LENGTH)
    for guide in too_long:
        guide.search_title = reading.title_document(guide.title_zh_hans, guide.title_en)
        guide.save(update_fields=["search_title"])
    SearchWord.objects.using(alias).all().delete()
    guides = Guide.objects.using(alias).order_by("pk").values_list("pk", "search_text")
    # A thousand guides at a time: bulk_create holds all it is given in memory.
    for start in range(0, guides.count(), 1000):
        SearchWord.objects.using(alias).bulk_create(
            (
                SearchWord(guide_id=pk, word=word)
                for pk, text in guides[start : start + 1000]
                for word in sorted(reading.search_words(text))
            ),
            batch_size=5000,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0020_facts_history"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "word",
                        "guide",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("word", models.CharField(max_length=50)),
                (
                    "guide",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="guides.guide",
                    ),
                ),
            ],
            options={
                "verbose_name": "search word",
                "verbose_name_plural": "search words",
            },
        ),
        migrations.RunPython(write_words, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="guide",
            index=models.Index(
                fields=[
                    "status",
                    "operator",
                    "channel",
                    "region_order",
                    "operator_order",
                    "channel_order",
                    "slug",
                    "id",
                    "search_title",
                ],
                name="guide_search_ranking",
            ),
        ),
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
    ]
