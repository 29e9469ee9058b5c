"""What the demo loader does to any record: create what is missing, change only what it
alone wrote, and record each change in the history (`RecordLoading`)."""

import datetime

from django.utils.translation import gettext_noop

from guides.models import GuideStep
from guides.models.registry import CONTENT

LANGUAGES = {"zh-hans": "zh_hans", "en": "en"}
# The change reason of every version the loader writes, with no user: how it knows its own work.
LOADER_CHANGE_REASON = gettext_noop("Demo content (load_demo_content)")


def translated(field, values):
    """`("title", {"zh-hans": "…", "en": "…"})` -> `{"title_zh_hans": "…", "title_en": "…"}`."""
    values = values or {}
    return {f"{field}_{suffix}": values.get(language, "") for language, suffix in LANGUAGES.items()}


def as_date(value):
    return datetime.date.fromisoformat(value) if value else None


def describe(model, lookup):
    """`guide china-mobile-app`, `officialcontact 中国移动 short_code 10086`: for the output."""
    return " ".join([model._meta.model_name, *(str(value) for value in lookup.values())])


def steps_history(guide):
    """A guide's steps are part of it: their records, deleted steps' included, count as its."""
    return [GuideStep.history.filter(guide_id=guide.pk)]


def steps_of(guide):
    return [
        {f"text_{suffix}": getattr(step, f"text_{suffix}") for suffix in LANGUAGES.values()}
        for step in guide.steps.all()
    ]


class RecordLoading:
    """Creates what the demo files have and the database lacks, and changes only what the
    loader alone has written, recording each change in the history; counts what it did.

    "Changed since it was loaded" is read from the history (django-simple-history): every
    version the loader writes has `LOADER_CHANGE_REASON` and no user. An object with any other
    version (an editor's save in the admin, a revert, a scheduled change, a script) is someone
    else's work and left as it is, named in the output; so is one without a history, since
    nothing says who wrote it: content restored by `import_content` (which brings no history).
    Every model it writes this way is content (`guides.models.registry.CONTENT`), which keeps a
    history; the editorial demo state (a scheduled change, a source check) is only ever
    created, by the loader's own methods. An object whose key (slug, number) the history knows
    but the database no longer has was deleted or changed by someone, and is not put back. The
    history rather than a stored fingerprint of what was loaded: it already says who wrote each
    version, in the same transaction as the change, so there is no second record to keep in
    step, and the loader's own changes have to be in it anyway, like any other change.
    """

    def __init__(self):
        self.created = 0
        self.updated = 0
        self.left_alone = []
        self.fresh = set()  # (model, pk) of what this run created

    def save(self, obj):
        obj.full_clean()
        obj._change_reason = LOADER_CHANGE_REASON
        obj.save()

    def find(self, model, **lookup):
        return model.objects.filter(**lookup).first()

    def upsert(self, model, lookup, fields):
        """The object of `model` at `lookup`, created with `fields` if missing, or changed to
        them if only the loader has written it. None if someone removed it."""
        if model not in CONTENT:
            raise ValueError(
                f"{model._meta.label} is not content (guides.models.registry.CONTENT): without "
                "a history the loader cannot tell its own work from someone else's."
            )
        obj = self.find(model, **lookup)
        if obj is None:
            return self.create(model, lookup, fields)
        self.change(obj, fields, describe(model, lookup))
        return obj

    def create(self, model, lookup, fields):
        if model.history.filter(**lookup).exists():
            self.left_alone.append(f"{describe(model, lookup)} (removed since it was loaded)")
            return None
        obj = model(**lookup, **fields)
        self.save(obj)
        self.created += 1
        self.fresh.add((model, obj.pk))
        return obj

    def change(self, obj, fields, label, history=()):
        changed = {name: value for name, value in fields.items() if getattr(obj, name) != value}
        if not changed:
            return
        if not self.is_own(obj, history):
            self.left_alone.append(label)
            return
        for name, value in changed.items():
            setattr(obj, name, value)
        self.save(obj)
        self.count_change(obj)

    def count_change(self, obj):
        """A change to what this run created is part of creating it."""
        if (type(obj), obj.pk) not in self.fresh:
            self.updated += 1

    def is_own(self, obj, history=()):
        """Whether every version of `obj` (and the records in `history`) is the loader's."""
        if (type(obj), obj.pk) in self.fresh:
            return True
        authors = set()
        for records in (obj.history.all(), *history):
            authors.update(records.values_list("history_user_id", "history_change_reason"))
        return authors == {(None, LOADER_CHANGE_REASON)}
