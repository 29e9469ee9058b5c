"""The history of the content: what changed between two versions, and putting an earlier one back.

The history itself is kept by django-simple-history (registered in `translation.py`), and what
changed is its `diff_against`, rendered here for editors. A guide's steps are a model of their
own with a history of their own, so "a version of a guide" here means the guide's record
together with its steps as they stood until the guide's next save. Putting a version onto an
object is `versions.apply_version`.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from ..models import Guide, GuideStep, language_suffix
from .versions import (
    STEP_TEXT_FIELDS,
    apply_version,
    compared_fields,
    step_values,
    version_values,
)

# ASCII words stay whole; every other character (each Chinese character included) is a token.
TOKEN = re.compile(r"[A-Za-z0-9_]+|\s+|.", re.DOTALL)


def admin_datetime(moment):
    """A moment as the admin writes it, in the local time zone and the active language."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def language_name(code):
    return get_language_info(code)["name_translated"]


def field_label(model, name):
    """`Title (English)` for a translated column, `Operator` for any other field."""
    model_field = model._meta.get_field(name)
    language = getattr(model_field, "language", None)
    if language is None:
        return capfirst(model_field.verbose_name)
    original = model_field.translated_field
    return format_html("{} ({})", capfirst(original.verbose_name), language_name(language))


def display_value(model_field, value):
    if value in (None, ""):
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = model_field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if hasattr(value, "isoformat"):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def inline_diff(old, new):
    """Both texts as HTML, with what was removed marked <del> and what was added <ins>."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    before, after = [], []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            before.append(escape(removed))
            after.append(escape(added))
            continue
        if removed:
            before.append(format_html("<del>{}</del>", removed))
        if added:
            after.append(format_html("<ins>{}</ins>", added))
    return mark_safe("".join(before)), mark_safe("".join(after))  # noqa: S308 - escaped above


@dataclass
class Change:
    """One field that differs between two versions, with both values ready to show."""

    label: str
    old: str
    new: str
    old_html: str = field(init=False)
    new_html: str = field(init=False)

    def __post_init__(self):
        self.old_html, self.new_html = inline_diff(self.old, self.new)


def comparable(value):
    """A value as a person compares it: a browser sends a textarea's line breaks as CRLF where
    the stored text may have LF, and a translation never written (NULL) reads as empty."""
    if value is None:
        return ""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def as_record(model, obj):
    """`obj` as a historical record of `model`, which `diff_against` compares: a record as it
    is, an instance (stored, or as an editor's form holds it) copied into an unsaved record."""
    history_model = model.history.model
    if isinstance(obj, history_model):
        return obj
    return history_model(
        **{f.attname: getattr(obj, f.attname) for f in history_model.tracked_fields}
    )


def record_changes(model, old, new, fields):
    """simple-history's changes from `old` to `new` (instances or records) in `fields` (names),
    those a person sees as changes, in the order of `fields`."""
    delta = as_record(model, new).diff_against(as_record(model, old), included_fields=fields)
    changes = [c for c in delta.changes if comparable(c.old) != comparable(c.new)]
    return sorted(changes, key=lambda change: fields.index(change.field))


def diff_objects(model, old, new, fields=None):
    """Changes between two objects of `model` (instances or historical records) field by field.

    `fields` limits the comparison to those names. An empty translation counts the same whether
    it was never written (NULL) or cleared ('').
    """
    names = [f.name for f in compared_fields(model) if fields is None or f.name in fields]
    changes = []
    for change in record_changes(model, old, new, names):
        model_field = model._meta.get_field(change.field)
        changes.append(
            Change(
                field_label(model, change.field),
                display_value(model_field, change.old),
                display_value(model_field, change.new),
            )
        )
    return changes


def diff_steps(old_steps, new_steps):
    """Changes between two ordered lists of steps, compared position by position."""
    no_step = GuideStep.history.model()
    changes = []
    for number in range(1, max(len(old_steps), len(new_steps)) + 1):
        old = old_steps[number - 1] if number <= len(old_steps) else None
        new = new_steps[number - 1] if number <= len(new_steps) else None
        pair = (old or no_step, new or no_step)
        changed = {c.field: c for c in record_changes(GuideStep, *pair, STEP_TEXT_FIELDS)}
        for code, _name in settings.LANGUAGES:
            change = changed.get(f"text_{language_suffix(code)}")
            if change is None:
                continue
            if old is None:
                label = _("Step %(number)d added (%(language)s)")
            elif new is None:
                label = _("Step %(number)d removed (%(language)s)")
            else:
                label = _("Step %(number)d (%(language)s)")
            changes.append(
                Change(
                    label % {"number": number, "language": language_name(code)},
                    change.old or "",
                    change.new or "",
                )
            )
    return changes


@dataclass
class GuideVersion:
    """A guide's fields (a Guide or a historical record) together with its ordered steps."""

    guide: object
    steps: list
    record: object = None

    def changes_since(self, older, fields=None):
        """What changed from `older` to this version, the guide's fields first, then its steps."""
        return diff_objects(Guide, older.guide, self.guide, fields) + diff_steps(
            older.steps, self.steps
        )


def steps_as_of(guide_id, moment):
    """The guide's steps as they stood at `moment`, in order (historical step records)."""
    latest = {}
    records = GuideStep.history.filter(guide_id=guide_id, history_date__lte=moment).order_by(
        "history_date", "history_id"
    )
    for record in records:
        latest[record.id] = record
    # Historical records, not `record.instance`: modeltranslation's constructor would write the
    # untranslated `text` column over the active language's one.
    steps = [record for record in latest.values() if record.history_type != "-"]
    # Steps saved without a trace in the history (bulk_create skips it) are taken to have been
    # as they are now: the best there is to know about them.
    untracked = GuideStep.objects.filter(guide_id=guide_id).exclude(
        pk__in=GuideStep.history.filter(guide_id=guide_id).values("id")
    )
    steps += list(untracked)
    return sorted(steps, key=lambda step: (step.order, step.id))


def version_of_record(record):
    """The guide at `record`, with its steps as they stood until the guide's next save.

    The admin saves a guide before its steps, in one transaction, so the steps that belong to a
    version are those recorded before the next version of the guide was.
    """
    following = (
        Guide.history.filter(id=record.id, history_date__gt=record.history_date)
        .order_by("history_date", "history_id")
        .first()
    )
    if following is None:
        steps = list(GuideStep.objects.filter(guide_id=record.id).order_by("order", "pk"))
    else:
        steps = steps_as_of(record.id, following.history_date)
    return GuideVersion(record, steps, record)


def current_version(guide, steps=None):
    steps = list(guide.steps.order_by("order", "pk")) if steps is None else list(steps)
    return GuideVersion(guide, steps)


def published_version(guide):
    """What readers see now: the stored guide if published, else nothing.

    For a guide that is not online, the last version that was published is returned with
    `record` set, so that editors can still compare against what readers last saw.
    """
    if guide.pk is None:
        return None
    stored = Guide.objects.filter(pk=guide.pk).first()
    if stored is not None and stored.is_published:
        return current_version(stored)
    record = Guide.history.filter(id=guide.pk, status=Guide.Status.PUBLISHED).first()
    return version_of_record(record) if record is not None else None


@dataclass
class ConflictReport:
    """Who saved a guide after a copy of it was loaded, and what they changed."""

    loaded_version: int
    current_version: int
    saves: list  # historical records, oldest first
    changes: list  # None when the loaded version has no history to compare with

    @property
    def last_save(self):
        return self.saves[-1] if self.saves else None

    def summary(self):
        last = self.last_save
        if last is None:
            return _(
                "Someone saved this guide after you opened it (version %(loaded)d, now "
                "%(current)d)."
            ) % {"loaded": self.loaded_version, "current": self.current_version}
        names = list(dict.fromkeys(editor_name(record.history_user) for record in self.saves))
        return _(
            "%(names)s saved this guide after you opened it, last on %(when)s (version "
            "%(loaded)d, now %(current)d)."
        ) % {
            "names": ", ".join(names),
            "when": admin_datetime(last.history_date),
            "loaded": self.loaded_version,
            "current": self.current_version,
        }


def editor_name(user):
    if user is None:
        return str(_("someone without an account (a script or a command)"))
    return user.get_full_name() or user.get_username()


def conflict_report(guide_id, loaded_version):
    """What happened to a guide since `loaded_version`: the saves after it and their changes."""
    current = Guide.objects.get(pk=guide_id)
    history = Guide.history.filter(id=guide_id).select_related("history_user")
    saves = list(history.filter(version__gt=loaded_version).order_by("history_date", "history_id"))
    loaded_record = history.filter(version=loaded_version).first()
    changes = None
    if loaded_record is not None:
        changes = current_version(current).changes_since(version_of_record(loaded_record))
    return ConflictReport(loaded_version, current.version, saves, changes)


# The change reason of a revert names the version it put back by its history id, and is written
# for the person reading the history in their language (`change_reason_text`); other reasons are
# English msgids (marked with gettext_noop where they are set), translated the same way.
REVERT_REASON_PREFIX = "revert:"


def revert_reason(record):
    return f"{REVERT_REASON_PREFIX}{record.history_id}"


def change_reason_text(record):
    """A historical record's change reason, in the active language, dates as the admin's."""
    reason = record.history_change_reason or ""
    reverted_to = reason.removeprefix(REVERT_REASON_PREFIX)
    if reverted_to != reason and reverted_to.isdigit():
        old = type(record).objects.filter(history_id=int(reverted_to)).first()
        if old is not None:
            return _("Reverted to the version of %(date)s") % {
                "date": admin_datetime(old.history_date)
            }
    return gettext(reason) if reason else ""


def revert_object(*, obj, record, user):
    """Put back what `obj` said at `record` (a guide's steps too); return the saved object.

    A guide's status, slug and verification stay as they are now (`versions.KEPT_FIELDS`).
    Raises ValidationError when the old version breaks a rule that holds now (say, it would
    deactivate the last note on a core safety topic, or leave a published guide without steps).
    """
    model = type(obj)
    with transaction.atomic():
        steps = None
        if model is Guide:
            obj = Guide.objects.select_for_update().get(pk=obj.pk)
            steps = [step_values(step) for step in version_of_record(record).steps]
        obj, _steps = apply_version(
            obj, version_values(model, record), steps, user=user, reason=revert_reason(record)
        )
    return obj
