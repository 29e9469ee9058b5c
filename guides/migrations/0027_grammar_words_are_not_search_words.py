"""Sentence grammar words ("but", "was", "has", "this"…) joined `reading.STOP_WORDS`, so search
no longer looks them up or stores them; this deletes the rows guides stored for them before.
The words are listed here as they were added, not imported: the list may change again."""

from django.db import migrations

ADDED_GRAMMAR_WORDS = (
    "am",
    "be",
    "been",
    "but",
    "did",
    "has",
    "have",
    "if",
    "so",
    "that",
    "this",
    "was",
    "were",
    "will",
    "would",
)


def delete_their_rows(apps, schema_editor):
    SearchWord = apps.get_model("guides", "SearchWord")
    SearchWord.objects.using(schema_editor.connection.alias).filter(
        word__in=ADDED_GRAMMAR_WORDS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("guides", "0026_search_synonym_leads_to")]

    operations = [migrations.RunPython(delete_their_rows, migrations.RunPython.noop, elidable=True)]
