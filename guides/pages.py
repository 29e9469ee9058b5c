"""What public pages show, put together from the model querysets and the shared cache: used by
the public views and by the admin's preview, so a preview is the page readers will see."""

from django.db.models import Prefetch

from .cache import cached_for_content
from .forms import FeedbackForm
from .models import Channel, Operator, Region, SafetyNote


def regions_with_operators():
    active = Operator.objects.active()
    return Region.objects.prefetch_related(Prefetch("operators", queryset=active))


def load_guide_parents():
    """Every active operator and every channel by id, with what a guide's pages show of them."""
    return {
        "operator": {
            operator.pk: operator
            for operator in Operator.objects.active().only("slug", "name", "short_name")
        },
        "channel": {channel.pk: channel for channel in Channel.objects.only("slug", "name")},
    }


def with_shared_parents(guides):
    """`guides` with their operators and channels set from the copies every page shares, which
    costs no query: a guide is then read without its operator's and channel's columns.

    The copies serve every request of the process, so pages must read only the fields loaded
    here (a deferred one would be fetched into the shared copy). One that is missing, being
    added since the copies were read, is read with its guide, a query each.
    """
    parents = cached_for_content("guide-parents", load_guide_parents)
    for guide in guides:
        operator = parents["operator"].get(guide.operator_id)
        channel = parents["channel"].get(guide.channel_id)
        if operator is not None:
            guide.operator = operator
        if channel is not None:
            guide.channel = channel
    return guides


def official_contacts(operator):
    """The operator's contacts: shown on its page and on each of its guides, so shared through
    the cache until the content changes."""
    return cached_for_content(f"contacts:{operator.pk}", lambda: list(operator.contacts.all()))


def guide_page_context(guide, steps, preview=None):
    """What the guide page shows, for the public page and for every kind of preview.

    `steps` are passed in, not read from `guide.steps`, so that a preview can show steps that are
    not saved yet. `preview` (a dict) turns the page into a preview: a banner, no feedback form,
    and `noindex` (see guides/guide_detail.html).
    """
    notes = cached_for_content(
        f"guide-notes:{guide.channel_id}:{guide.operator_id}",
        lambda: list(SafetyNote.objects.for_guide(guide)),
    )
    context = {
        "guide": guide,
        "steps": steps,
        # Notes for every guide come before the steps; the ones for this channel or operator
        # follow them, so a reader on a phone reaches the steps quickly.
        "general_notes": [note for note in notes if note.applies_to_all],
        "specific_notes": [note for note in notes if not note.applies_to_all],
        "contacts": official_contacts(guide.operator),
        "untranslated": guide.shows_fallback(steps=steps),
        "is_overdue": guide.is_overdue(),
        "preview": preview,
    }
    if preview is None:
        context["form"] = FeedbackForm()
    return context
