"""What a version of the content is, and the one way a version becomes the content.

A version is a set of field values (and, for a guide, its ordered steps). `apply_version` puts
one onto an object for every path that does so: a revert (the values of a historical record),
a scheduled new version going live (the values the change keeps) and the preview of that
version (the same values, nothing saved). The rules are checked there, once, as they hold now.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from modeltranslation.translator import NotRegistered, translator

from ..models import Guide, GuideStep, language_suffix

# What a version of a guide leaves as it is now: the guide's place in the life cycle (its
# status, its slug and so its address, its verification). Every other field a person edits is
# part of a version, so a field added to Guide is reverted and scheduled without being listed.
KEPT_FIELDS = {Guide: {"status", "slug", "last_verified_on", "last_verified_by"}}

STEP_TEXT_FIELDS = [f"text_{language_suffix(code)}" for code, _name in settings.LANGUAGES]


def compared_fields(model):
    """The fields a person edits, with each translated field once per language."""
    try:
        translated = set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        translated = set()
    return [
        f
        for f in model._meta.fields
        if f.editable and not f.primary_key and f.name not in translated
    ]


def version_fields(model):
    """The fields a version of `model` carries: those a person edits, less `KEPT_FIELDS`."""
    kept = KEPT_FIELDS.get(model, set())
    return [f for f in compared_fields(model) if f.name not in kept]


def version_values(model, obj):
    """`obj`'s version of `model` (an instance or a historical record), by attname."""
    return {f.attname: getattr(obj, f.attname) for f in version_fields(model)}


def step_values(step):
    """A step (or its historical record) as a version keeps it: its id, order and texts."""
    # `id`, not `pk`: a historical record's primary key is its history id.
    return {"id": step.id, "order": step.order, **{f: getattr(step, f) for f in STEP_TEXT_FIELDS}}


def version_steps(guide, steps):
    """Unsaved steps of `guide` made from `step_values` dicts, in their order."""
    return [
        GuideStep(guide=guide, order=item["order"], **{f: item.get(f) for f in STEP_TEXT_FIELDS})
        for item in steps
    ]


def check_version(obj, steps=None):
    """Raise ValidationError if `obj` with `steps` breaks a rule that holds now: the model's
    own (`full_clean`), each step's, and for a guide that is or goes online, the publishing
    rules with these steps (`Guide.publication_errors`)."""
    obj.full_clean()
    if steps is None:
        return
    for step in steps:
        # Their order and guide are the version's; the texts are what an old version may lack.
        step.full_clean(exclude=["guide"], validate_unique=False, validate_constraints=False)
    if obj.is_published:
        errors = obj.publication_errors(steps=steps)
        if errors:
            raise ValidationError(errors)


def apply_version(obj, values, steps=None, *, user=None, reason="", save=True):
    """Put `values` (by attname) onto `obj` and, for a guide, `steps` (`step_values` dicts, in
    order); return `(obj, steps)`, the steps as objects (None when none were given).

    With `save=False` nothing is checked or saved: the object is what a preview renders. Saving
    checks the rules first (`check_version`, a ValidationError if broken), then saves the
    object, as `user` with `reason` in its history, and its steps, in one transaction. A step
    comes back under its own id, so its history continues, unless another guide has it now.
    """
    for attname, value in values.items():
        setattr(obj, attname, value)
    new_steps = None if steps is None else version_steps(obj, steps)
    if not save:
        return obj, new_steps
    check_version(obj, new_steps)
    with transaction.atomic():
        if user is not None:
            obj._history_user = user
        if reason:
            obj._change_reason = reason
        obj.save()
        if steps is not None:
            new_steps = save_steps(obj, steps, user)
    return obj, new_steps


def save_steps(guide, steps, user=None):
    """Make `guide`'s stored steps those of `steps` (`step_values` dicts); the saved steps."""
    current = {step.pk: step for step in guide.steps.all()}
    ids = [item.get("id") for item in steps if item.get("id") is not None]
    taken_elsewhere = set(
        GuideStep.objects.filter(pk__in=ids).exclude(guide=guide).values_list("pk", flat=True)
    )
    saved = []
    for item in steps:
        step = current.pop(item.get("id"), None)
        if step is None:
            pk = item.get("id") if item.get("id") not in taken_elsewhere else None
            step = GuideStep(pk=pk, guide=guide)
        step.order = item["order"]
        for name in STEP_TEXT_FIELDS:
            setattr(step, name, item.get(name))
        if user is not None:
            step._history_user = user
        step.save()
        saved.append(step)
    for step in current.values():
        if user is not None:
            step._history_user = user
        step.delete()
    return saved
