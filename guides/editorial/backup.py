"""Export and import of all editorial content as one JSON document (`manage.py export_content`).

The export is Django's own serialization of every content model and of what readers sent
(`guides.models.registry.EXPORTED`, which says why the rest is left out), both languages
included; on the way back in, every object is checked as the admin checks an editor's save. Not
included: user accounts (the person who last verified a guide is named by username and
re-linked if that account exists) and change history.
"""

import datetime
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import translation

from ..models import Guide, OperatorFact, ProblemRoute, SafetyNote
from ..models.registry import EXPORTED

FORMAT = "topup-guides-content"
FORMAT_VERSION = 1


class ImportRefused(Exception):
    """The import would overwrite or break content; the message says why and what to do."""


class ExportEncoder(DjangoJSONEncoder):
    """Django's JSON encoder, but keeping whole microseconds: it cuts times to milliseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _serialize(model):
    return serializers.serialize(
        "python", model.objects.order_by("pk"), use_natural_foreign_keys=True
    )


def export_content():
    """All editorial content as a JSON-ready dict."""
    # The untranslated attribute (`title`) reads the active language; pin it to the default so
    # the export is the same whoever runs it, in whatever locale. (Its own database column is
    # modeltranslation's copy of whichever language was saved last, and is never read; an
    # import writes the default language there.)
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        objects = [row for model in EXPORTED for row in _serialize(model)]
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "schema": _latest_migration(),
        "languages": [code for code, _name in settings.LANGUAGES],
        "counts": {model._meta.label: model.objects.count() for model in EXPORTED},
        "objects": objects,
    }


def _latest_migration():
    applied = MigrationRecorder.Migration.objects.filter(app="guides").order_by("-name")
    return applied.values_list("name", flat=True).first() or ""


def _is_pristine_core_note(note):
    """Whether `note` is one of the notes migration 0003 creates, still exactly as created."""
    defaults = {
        note["slug"]: note
        for note in import_module("guides.migrations.0003_core_safety_notes").CORE_NOTES
    }
    created = defaults.get(note.slug)
    return created is not None and all(
        getattr(note, name) == value for name, value in created.items()
    )


def existing_content():
    """What content the database holds, ignoring the core notes the migrations put there."""
    counts = {model._meta.label: model.objects.count() for model in EXPORTED}
    counts[SafetyNote._meta.label] = sum(
        1 for note in SafetyNote.objects.all() if not _is_pristine_core_note(note)
    )
    return {label: count for label, count in counts.items() if count}


def _delete_all():
    for model in reversed(EXPORTED):
        # The plain QuerySet.delete: the rule that keeps a core note on every guide page is
        # checked on the imported content as a whole instead (see `_check_rules`).
        models.QuerySet.delete(model.objects.all())


def _link_users(objects):
    """Point `last_verified_by` at the account of that name here, or at nobody."""
    User = get_user_model()
    usernames = set(User.objects.values_list(User.USERNAME_FIELD, flat=True))
    unknown = set()
    for row in objects:
        verifier = row["fields"].get("last_verified_by") if row["model"] == "guides.guide" else None
        if verifier and verifier[0] not in usernames:
            row["fields"]["last_verified_by"] = None
            unknown.add(verifier[0])
    return unknown


def _refusal(obj, error):
    """`error`, a ValidationError about `obj`, as a refusal naming the object and each field."""
    problems = "; ".join(
        f"“{field}”: {' '.join(messages)}" if field != NON_FIELD_ERRORS else " ".join(messages)
        for field, messages in error.message_dict.items()
    )
    # Named as the file names it: the object's `str` may need a row the file lacks.
    return ImportRefused(f"{obj._meta.label_lower} {obj.pk}: {problems} Nothing was imported.")


def _validate(obj):
    """Check and normalise `obj` as the admin does an editor's save: every field's rules (a
    `javascript:` address, Markdown too long), the model's own (an official number is never on
    the scam register) and its normalisation (a contact written as editors write it), all in
    `full_clean`. Fields no editor writes (a guide's version, its search documents) are the
    export's record of them, and are kept as they are."""
    try:
        obj.full_clean(exclude=[field.name for field in obj._meta.fields if not field.editable])
    except ValidationError as error:
        raise _refusal(obj, error) from error


def _check_rules():
    """The rules the pages rely on, asked of the models that keep them, on the whole import."""
    for topic in SafetyNote.objects.core_topics_left_bare():
        message = " ".join(SafetyNote.core_topic_error(topic).messages)
        raise ImportRefused(f"{message} ({topic}) Nothing was imported.")
    # Published guides meet the publishing rules (steps are saved after their guide, so they are
    # checked once all are in), so their text names only contacts the number checker knows
    # (guides.models.named_contacts), and so do the notes, routes and facts readers see.
    for guide in Guide.objects.published():
        errors = guide.publication_errors()
        if errors:
            raise _refusal(guide, ValidationError(errors))
    shown = [
        *SafetyNote.objects.active(),
        *ProblemRoute.objects.all(),
        *OperatorFact.objects.all(),
    ]
    for item in shown:
        try:
            item.clean()
        except ValidationError as error:
            raise _refusal(item, error) from error


def _reset_sequences():
    # New rows must not collide with the imported primary keys (PostgreSQL sequences).
    statements = connection.ops.sequence_reset_sql(no_style(), EXPORTED)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def import_content(data, *, replace=False):
    """Restore an export into this database; returns (counts per model, unknown usernames).

    Refuses a database that already has content unless `replace` is given, in which case
    that content is deleted first. All or nothing: any error leaves the database unchanged.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRefused("This is not a content export of this site (no “format” marker).")
    if data.get("version") != FORMAT_VERSION:
        raise ImportRefused(
            f"Export format version {data.get('version')} is not supported "
            f"(this site reads version {FORMAT_VERSION})."
        )
    try:
        with (
            transaction.atomic(),
            translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE),
        ):
            _refuse_existing_content(replace)
            _delete_all()
            counts, unknown_users = _load(data.get("objects", []))
            _check_rules()
            _reset_sequences()
    except (DeserializationError, IntegrityError) as error:
        raise ImportRefused(f"The file does not fit this site's content: {error}") from error
    return counts, unknown_users


def _refuse_existing_content(replace):
    existing = existing_content()
    if existing and not replace:
        summary = ", ".join(f"{label}: {count}" for label, count in existing.items())
        raise ImportRefused(
            f"The database already has content ({summary}). Import into an empty database, "
            "or add --replace to delete that content first (export it before you do)."
        )


def _load(objects):
    unknown_users = _link_users(objects)
    counts = {}
    for item in serializers.deserialize("python", objects, handle_forward_references=True):
        _validate(item.object)
        item.save()
        label = item.object._meta.label
        counts[label] = counts.get(label, 0) + 1
    # Foreign keys are checked at commit on some databases; check now, inside the transaction.
    connection.check_constraints(table_names=[model._meta.db_table for model in EXPORTED])
    # Saved raw, bypassing Guide.save; an export from before these copies existed lacks them.
    Guide.objects.copy_reading_order()
    Guide.objects.refresh_search_documents()
    return counts, unknown_users
