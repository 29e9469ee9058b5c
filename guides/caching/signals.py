"""Cache invalidation: any change to published content makes every cached page stale, and the
pages that show it are purged from the caches in front of the site (Varnish or a CDN).

This is the one job signals do here: content changes from the admin, from management commands
and from history reverts all go through model saves and deletes, and a page can depend on almost
any row (a guide page shows its operator's contacts and the safety notes of its channel). The
page cache is invalidated whole (a content version); the caches in front, by tag
(`guides.caching.tags`), so that a contact's edit drops only the pages that show it.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from ..models import (
    Authority,
    Channel,
    Guide,
    GuideFact,
    GuideStep,
    OfficialContact,
    Operator,
    OperatorFact,
    PaymentProvider,
    PaymentProviderContact,
    ProblemRoute,
    Region,
    SafetyNote,
    ScamEntry,
    SearchSynonym,
)
from ..models.registry import CONTENT
from .content import bump_content_version
from .purging import purge_after_commit
from .tags import ALL_PAGES, CHECKER_RECORDS, GUIDE_LISTS, NOTES_FOR_EVERY_GUIDE, SAFETY_NOTES, tag

RELATION_CHANGES = ("post_add", "post_remove", "pre_clear")


def tags_for_change(instance):
    """The tags of the pages a saved or deleted `instance` is, or will be, shown on."""
    match instance:
        case Guide():
            return {
                tag("guide", instance.pk),
                tag("operator", instance.operator_id),
                tag("channel", instance.channel_id),
                GUIDE_LISTS,
            }
        case GuideStep() | GuideFact():
            return {tag("guide", instance.guide_id)}
        case Operator():
            return {
                tag("operator", instance.pk),
                tag("region", instance.region_id),
                GUIDE_LISTS,
                SAFETY_NOTES,
            }
        case OfficialContact():
            # The operator's tag too: a new contact appears on every page of its operator.
            return {
                tag("contact", instance.pk),
                tag("operator", instance.operator_id),
                CHECKER_RECORDS,
            }
        case OperatorFact():
            return {tag("operator", instance.operator_id)}
        # Lists, filters and the safety page name every operator, channel and region.
        case Channel():
            return {tag("channel", instance.pk), GUIDE_LISTS, SAFETY_NOTES}
        case Region():
            return {tag("region", instance.pk), GUIDE_LISTS, SAFETY_NOTES}
        case Authority():
            return {tag("region", instance.region_id), SAFETY_NOTES}
        case PaymentProvider():
            return {tag("provider", instance.pk), tag("region", instance.region_id), SAFETY_NOTES}
        case PaymentProviderContact():
            return {tag("provider", instance.provider_id), SAFETY_NOTES, CHECKER_RECORDS}
        case ProblemRoute():
            tags = {tag("region", instance.region_id)} if instance.region_id else {ALL_PAGES}
            if instance.payment_provider_id:
                tags.add(tag("provider", instance.payment_provider_id))
            return tags
        case SafetyNote():
            return note_tags(instance)
        case ScamEntry():
            return {CHECKER_RECORDS}
        case SearchSynonym():
            return {GUIDE_LISTS}
    return {ALL_PAGES}


def note_tags(note):
    """A note's pages: those showing it, and those of the channels and operators it is for (it
    may just have been activated), or every guide page when it is for every guide."""
    tags = {tag("note", note.pk), SAFETY_NOTES}
    if note.applies_to_all:
        tags.add(NOTES_FOR_EVERY_GUIDE)
    if note.pk is not None and not note._state.adding:
        tags.update(tag("channel", pk) for pk in note.channels.values_list("pk", flat=True))
        tags.update(tag("operator", pk) for pk in note.operators.values_list("pk", flat=True))
    return tags


def tags_for_relation_change(instance, model, pk_set):
    """A note's channels or operators changed (from either side): the note's pages and those of
    the channels or operators added or removed."""
    if isinstance(instance, SafetyNote):
        note_pks, other, other_pks = {instance.pk}, model, pk_set or ()
    else:
        note_pks, other, other_pks = pk_set or (), type(instance), {instance.pk}
    kind = "channel" if other is Channel else "operator"
    return (
        {tag("note", pk) for pk in note_pks}
        | {tag(kind, pk) for pk in other_pks}
        | {SAFETY_NOTES, NOTES_FOR_EVERY_GUIDE}
    )


def content_changed(sender, instance, **kwargs):
    bump_content_version()
    # And again after the commit: a page rendered by another server between the first bump and
    # the commit still showed the old content, and must not outlive it.
    transaction.on_commit(bump_content_version)
    purge_after_commit(tags_for_change(instance))


def relation_changed(sender, instance, action, model, pk_set, **kwargs):
    bump_content_version()
    transaction.on_commit(bump_content_version)
    if action in RELATION_CHANGES:
        purge_after_commit(tags_for_relation_change(instance, model, pk_set))


def connect():
    """Every content model's saves and deletes (`guides.models.registry.CONTENT`), and the
    links of a safety note to its channels and operators."""
    for model in CONTENT:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-save-{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-del-{model}")
    for through in [SafetyNote.channels.through, SafetyNote.operators.through]:
        m2m_changed.connect(relation_changed, sender=through, dispatch_uid=f"cache-m2m-{through}")
