"""English search on PostgreSQL reads a stored document instead of computing one per row.

Migration 0009 indexed the expression `to_tsvector('english', title || summary || body)`. The
index finds matches, but a query that walks the guides in reading order (the guide list) still
computed that expression for every row it looked at. Here PostgreSQL stores the document in a
generated column, `search_en`, kept current on every write, and the GIN index moves onto it
(see guides/search/reading.py). Other databases search without it.

A later migration that changes the type of `title_en`, `summary_en` or `body_en` must drop the
column first: PostgreSQL does not alter a column that a generated column reads.

Adding a stored column rewrites the table under an exclusive lock, and the index is built in the
same transaction: seconds for tens of thousands of guides. Release code that reads `search_en`
only after this migration has run (migrate, then restart the app servers).
"""

from django.db import migrations

# Every statement may run again on a database that has it already (tests on a transactional
# database replay the RunPython operations: tests/conftest.py, `data_migration_rows`).
FORWARD = [
    "ALTER TABLE guides_guide ADD COLUMN IF NOT EXISTS search_en tsvector GENERATED ALWAYS AS ("
    "to_tsvector('english'::regconfig, COALESCE(title_en, '') || ' ' || "
    "COALESCE(summary_en, '') || ' ' || COALESCE(body_en, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS guide_search_en_document ON guides_guide USING gin (search_en)",
    # Migration 0009's index on the expression, which nothing reads any more.
    "DROP INDEX IF EXISTS guide_search_en",
]
BACKWARD = [
    "ALTER TABLE guides_guide DROP COLUMN IF EXISTS search_en",
    "CREATE INDEX IF NOT EXISTS guide_search_en ON guides_guide USING gin ("
    "to_tsvector('english'::regconfig, COALESCE(title_en, '') || ' ' || "
    "COALESCE(summary_en, '') || ' ' || COALESCE(body_en, '')))",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("guides", "0010_guide_reading_order")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
