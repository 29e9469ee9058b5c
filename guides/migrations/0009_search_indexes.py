"""Search indexes for PostgreSQL; other databases search without them (see GuideQuerySet.search).

English text gets a full-text (tsvector) index whose expression is exactly the one Django writes
for `SearchVector("title_en", "summary_en", "body_en", config="english")`, so the planner uses it.
Chinese text, which PostgreSQL's parsers do not split into words, gets trigram indexes that serve
the case-insensitive substring match (`icontains`) used for it.
"""

from django.db import migrations

CHINESE_FIELDS = ("title_zh_hans", "summary_zh_hans", "body_zh_hans")

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS guide_search_en ON guides_guide USING gin ("
    "to_tsvector('english'::regconfig, COALESCE(title_en, '') || ' ' || "
    "COALESCE(summary_en, '') || ' ' || COALESCE(body_en, '')))",
    *(
        f"CREATE INDEX IF NOT EXISTS guide_trgm_{field} ON guides_guide "
        f"USING gin (UPPER({field}::text) gin_trgm_ops)"
        for field in CHINESE_FIELDS
    ),
]
DROP = [
    "DROP INDEX IF EXISTS guide_search_en",
    *(f"DROP INDEX IF EXISTS guide_trgm_{field}" for field in CHINESE_FIELDS),
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("guides", "0008_reviewers_group")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
