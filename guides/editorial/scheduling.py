"""Scheduled changes to guides: keeping a new version until it goes live, and applying what is
due (`manage.py publish_scheduled`).

Applying is safe to run from cron every minute on any server, and on two at once: each change
is claimed by one conditional UPDATE (`state = pending` to done) in the transaction that applies
it, so the database lets exactly one run apply it, and a run that finds it claimed moves on. A
change the guide's rules refuse (`Guide.publication_errors`) is rolled back whole and marked
refused with the reason, for the admin's "needs attention" panel.
"""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..models import EditConflict, Guide, ScheduledChange
from .versions import apply_version, step_values, version_values

logger = logging.getLogger(__name__)


def version_content(guide, steps):
    """A guide's version and its steps, as `ScheduledChange.content` keeps them.

    The same fields a revert puts back: status, address and verification are not part of a
    version, so a scheduled version changes what the guide says, not where it lives.
    """
    return {
        "fields": version_values(Guide, guide),
        "steps": [step_values(step) for step in steps],
    }


def content_values(change):
    """The field values `change` keeps, read back from JSON, by attname."""
    by_attname = {f.attname: f for f in Guide._meta.concrete_fields}
    return {
        attname: by_attname[attname].to_python(value)
        for attname, value in change.content["fields"].items()
    }


def scheduled_version(change, guide=None):
    """The guide as it will read once `change` is applied, and its steps; nothing is saved."""
    guide = guide or Guide.objects.get(pk=change.guide_id)
    if change.content is None:
        return guide, list(guide.steps.order_by("order", "pk"))
    return apply_version(guide, content_values(change), change.content["steps"], save=False)


def schedule_version(*, guide, steps, run_at, user):
    """Keep `guide` and `steps` (unsaved, as an editor's form has them) as a new version of the
    stored guide that goes live at `run_at`."""
    change = ScheduledChange(
        guide_id=guide.pk,
        action=ScheduledChange.Action.PUBLISH,
        run_at=run_at,
        content=version_content(guide, steps),
        based_on_version=guide.version,
        created_by=user,
    )
    change.full_clean(exclude=["guide"])
    change.save()
    return change


@dataclass
class Applied:
    change: ScheduledChange
    refused: bool
    outcome: str


class Refused(Exception):
    pass


def _apply(change, guide):
    """Make `change` on `guide` (locked); the outcome for editors, or raise Refused."""
    if change.action == ScheduledChange.Action.WITHDRAW:
        if not guide.is_published:
            return _("The guide was not published; nothing to withdraw.")
        guide.status = Guide.Status.DRAFT
        guide.save()
        return _("Withdrawn.")
    if change.content is None:
        try:
            guide.publish()
        except ValidationError as error:
            raise Refused(" ".join(error.messages)) from error
        guide.save()
        return _("Published.")
    if change.based_on_version != guide.version:
        raise Refused(
            _(
                "The guide was saved after this version was scheduled (version %(then)d, now "
                "%(now)d); schedule it again from the guide's form."
            )
            % {"then": change.based_on_version or 0, "now": guide.version}
        )
    guide.status = Guide.Status.PUBLISHED
    try:
        apply_version(
            guide,
            content_values(change),
            change.content["steps"],
            user=change.created_by,
            reason=gettext_noop("Scheduled change"),
        )
    except ValidationError as error:
        raise Refused(" ".join(error.messages)) from error
    return _("New version published.")


def apply_change(*, change_id, now):
    """Apply one due change if no other run has; an `Applied`, or None if it was not ours."""
    with transaction.atomic():
        claimed = (
            ScheduledChange.objects.due(now)
            .filter(pk=change_id)
            .update(state=ScheduledChange.State.DONE, applied_at=now)
        )
        if not claimed:
            return None
        change = ScheduledChange.objects.select_related("created_by").get(pk=change_id)
        try:
            with transaction.atomic():
                guide = Guide.objects.select_for_update().get(pk=change.guide_id)
                if change.created_by is not None:
                    guide._history_user = change.created_by
                guide._change_reason = gettext_noop("Scheduled change")
                outcome = _apply(change, guide)
        except (Refused, EditConflict) as error:
            change.state = ScheduledChange.State.REFUSED
            change.outcome = str(error) if isinstance(error, Refused) else _("Saved meanwhile.")
            change.save(update_fields=["state", "outcome"])
            logger.warning("Scheduled change %s refused: %s", change.pk, change.outcome)
            return Applied(change, True, change.outcome)
        change.outcome = outcome
        change.save(update_fields=["outcome"])
        return Applied(change, False, outcome)


def publish_due(now=None):
    """Apply every change due at `now`, oldest first; the `Applied` ones this run made."""
    now = now or timezone.now()
    results = []
    for change_id in ScheduledChange.objects.due(now).values_list("pk", flat=True):
        result = apply_change(change_id=change_id, now=now)
        if result is not None:
            results.append(result)
    return results
