"""Nothing lost: content export and import round-trip every field, and migrations reverse."""

import json
from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from guides.editorial import backup
from guides.models import Feedback, Guide, SafetyNote, ScamDispute, ScamEntry

from .searching import found


def link_tables():
    """The tables behind the many-to-many fields (note to channel, note to operator)."""
    return [
        field.remote_field.through._meta.db_table
        for model in backup.EXPORTED
        for field in model._meta.many_to_many
    ]


def tables():
    return [model._meta.db_table for model in backup.EXPORTED] + link_tables()


def snapshot():
    """Every row of every content table, every column, straight from the database.

    A link table's own row id is no content (Django numbers the links as it adds them), so
    links are compared as the pairs they join.
    """
    rows = {}
    with connection.cursor() as cursor:
        for table in tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            rows[table] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    for table in link_tables():
        rows[table] = sorted(
            tuple(sorted((k, v) for k, v in row.items() if k != "id")) for row in rows[table]
        )
    return rows


def empty_the_database():
    """As after `migrate` on a new database: no content but the migrations' core notes."""
    backup._delete_all()
    import_module("guides.migrations.0003_core_safety_notes").create_core_notes(apps, None)


@pytest.fixture
def demo(demo, editor):
    """The demo content (see conftest.py), with a verifier, feedback, a register entry and a
    dispute, so that every table is filled."""
    guide = Guide.objects.published().first()
    guide.mark_verified(user=editor)
    guide.save()
    Feedback.objects.create(guide=guide, kind=Feedback.Kind.OUTDATED, message="菜单变了 / menu")
    report = Feedback.objects.create(
        guide=guide, kind=Feedback.Kind.SCAM_SEEN, reported_value="+63 917 000 0000"
    )
    entry = ScamEntry.record_report(report)
    ScamDispute.objects.create(entry=entry, message="这是我的号码 / my number")
    return guide


def export(tmp_path):
    path = tmp_path / "content.json"
    call_command("export_content", str(path))
    return path


def test_demo_content_round_trips_every_field_of_every_row(demo, tmp_path):
    before = snapshot()
    assert all(before[table] for table in tables()), "the demo should fill every table"
    path = export(tmp_path)

    empty_the_database()
    assert snapshot() != before
    out = StringIO()
    call_command("import_content", str(path), stdout=out)

    assert snapshot() == before
    assert "Imported" in out.getvalue()


def test_export_has_both_languages_and_no_accounts(demo, tmp_path, editor):
    text = export(tmp_path).read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["format"] == "topup-guides-content"
    assert data["languages"] == ["zh-hans", "en"]
    guides = [row for row in data["objects"] if row["model"] == "guides.guide"]
    assert all(row["fields"]["title_zh_hans"] and row["fields"]["title_en"] for row in guides)
    assert {row["model"].split(".")[0] for row in data["objects"]} == {"guides"}
    assert ["editor"] in [row["fields"]["last_verified_by"] for row in guides]
    assert editor.password not in text


def test_export_to_standard_output_is_pure_json(demo):
    out = StringIO()
    call_command("export_content", stdout=out)
    assert json.loads(out.getvalue())["counts"]["guides.Guide"] == Guide.objects.count()


def test_import_refuses_a_database_with_content(demo, tmp_path):
    path = export(tmp_path)
    before = snapshot()
    with pytest.raises(CommandError, match="already has content.*--replace"):
        call_command("import_content", str(path), stdout=StringIO())
    assert snapshot() == before


def test_import_with_replace_restores_the_export(demo, tmp_path):
    before = snapshot()
    path = export(tmp_path)
    Guide.objects.filter(pk=demo.pk).update(title_en="Defaced: call 000-SCAM")
    Feedback.objects.all().delete()

    call_command("import_content", str(path), "--replace", stdout=StringIO())

    assert snapshot() == before


def test_imported_guides_are_found_by_search(db, tmp_path, make_guide):
    make_guide(slug="kiosk", title_en="Top up at a kiosk")
    path = export(tmp_path)
    empty_the_database()
    call_command("import_content", str(path), stdout=StringIO())
    assert found("kiosk") == ["kiosk"]


def test_import_into_an_untouched_new_database_needs_no_replace(db, tmp_path, make_guide):
    make_guide()
    path = export(tmp_path)
    empty_the_database()
    call_command("import_content", str(path), stdout=StringIO())
    assert Guide.objects.count() == 1


def test_import_relinks_verifiers_by_username_or_drops_the_name(demo, tmp_path, editor):
    path = export(tmp_path)
    empty_the_database()
    editor.delete()
    out = StringIO()
    call_command("import_content", str(path), stdout=out)
    guide = Guide.objects.get(pk=demo.pk)
    assert guide.last_verified_by is None
    assert guide.last_verified_on == demo.last_verified_on
    assert "No account here for editor" in out.getvalue()


def test_a_broken_file_changes_nothing(demo, tmp_path):
    path = export(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    feedback = [row for row in data["objects"] if row["model"] == "guides.feedback"]
    feedback[-1]["fields"]["guide"] = 999_999  # a feedback row for no guide
    path.write_text(json.dumps(data), encoding="utf-8")
    empty_the_database()
    before = snapshot()
    with pytest.raises(CommandError):
        call_command("import_content", str(path), stdout=StringIO())
    assert snapshot() == before


def test_a_file_without_core_notes_is_refused(demo, tmp_path):
    path = export(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["objects"] = [
        row
        for row in data["objects"]
        if not (row["model"] == "guides.safetynote" and row["fields"]["topic"] == "avoid_scams")
    ]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="avoid_scams"):
        call_command("import_content", str(path), "--replace", stdout=StringIO())
    assert SafetyNote.objects.covering_core_topic("avoid_scams").exists()


@pytest.mark.parametrize("text", ["not json", "[]", '{"format": "other"}'])
def test_a_file_that_is_not_an_export_is_refused(db, tmp_path, text):
    path = tmp_path / "other.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_content", str(path), stdout=StringIO())


def test_new_rows_after_an_import_get_fresh_keys(demo, tmp_path, make_guide):
    path = export(tmp_path)
    empty_the_database()
    call_command("import_content", str(path), stdout=StringIO())
    assert make_guide().pk > demo.pk


def test_a_published_guide_without_steps_is_refused(db, tmp_path, make_guide):
    guide = make_guide(slug="stepless")
    path = export(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["objects"] = [row for row in data["objects"] if row["model"] != "guides.guidestep"]
    path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(CommandError, match=f"guides.guide {guide.pk}: .*“status”"):
        call_command("import_content", str(path), "--replace", stdout=StringIO())
    assert guide.steps.count() == 3
