"""What public pages show, put together from the model querysets and the shared cache: used by
the public views and by the admin's preview, so a preview is the page readers will see."""

from django.db.models import Prefetch

from ..caching.content import cached_for_content
from ..caching.tags import (
    GUIDE_LISTS,
    NOTES_FOR_EVERY_GUIDE,
    tag,
    tag_each,
    tag_guides,
    tag_page,
)
from ..models import Channel, Guide, Operator, ProblemRoute, Region, SafetyNote
from ..models.facts import (
    GuideFact,
    OperatorFact,
    abroad_answer,
    facts_box,
    facts_compared,
    keep_alive_facts,
    knows_too_little,
)
from .forms import FeedbackForm


def regions_with_operators():
    active = Operator.objects.active()
    return Region.objects.prefetch_related(Prefetch("operators", queryset=active))


def load_guide_parents():
    """Every active operator and every channel by id, with what a guide's pages show of them."""
    return {
        "operator": {
            operator.pk: operator
            for operator in Operator.objects.active().only("slug", "name", "short_name", "region")
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


def problem_routes(guide):
    """Where to turn when the guide's top-up does not arrive: its region's routes and its
    payment provider's (`region_routes`)."""
    return region_routes(guide.operator.region_id, guide.payment_provider_id)


def region_routes(region_id, payment_provider_id=None):
    """A region's routes and a payment provider's, shared by every guide and page of the same
    pair until the content changes."""
    return cached_for_content(
        f"routes:{region_id}:{payment_provider_id}",
        lambda: ProblemRoute.objects.for_region(region_id, payment_provider_id),
    )


def guide_facts(guide):
    """The guide's facts: its own, like its steps, so read with them rather than shared."""
    return list(guide.facts.all()) if guide.pk else []


def routes_context(guide, facts=None):
    """The "If it doesn't arrive" section: the routes, and the time to wait from the guide's
    facts. Shown on the guide, and at once to a reader who reports a missing top-up."""
    if facts is None:
        facts = guide_facts(guide)
    time_to_credit = next(
        (fact for fact in facts if fact.topic == GuideFact.Topic.TIME_TO_CREDIT), None
    )
    return {"routes": problem_routes(guide), "time_to_credit": time_to_credit}


def sources(guide, *sourced):
    """Each page the guide's text and facts come from, once, with the latest date it was
    checked: the "Sources" list under every guide."""
    by_url = {}
    if guide.source_url:
        by_url[guide.source_url] = (guide.source_kind, guide.last_verified_on)
    for records in sourced:
        for record in records:
            kind, date = by_url.get(record.source_url, (record.source_kind, None))
            if date is None or record.checked_on > date:
                date = record.checked_on
            by_url[record.source_url] = (kind, date)
    return [{"url": url, "kind": kind, "checked_on": date} for url, (kind, date) in by_url.items()]


def guide_page_context(guide, steps, preview=None, facts=None):
    """What the guide page shows, for the public page and for every kind of preview.

    `steps` are passed in, not read from `guide.steps`, so that a preview can show steps that are
    not saved yet. `preview` (a dict) turns the page into a preview: a banner, no feedback form,
    and `noindex` (see guides/guide_detail.html).
    """
    notes = cached_for_content(
        f"guide-notes:{guide.channel_id}:{guide.operator_id}",
        lambda: list(SafetyNote.objects.for_guide(guide)),
    )
    if facts is None:
        facts = guide_facts(guide)
    routes = routes_context(guide, facts)
    box = facts_box(facts)
    context = {
        "guide": guide,
        "steps": steps,
        "facts_box": box,
        "facts_too_few": knows_too_little(box),
        **routes,
        "sources": sources(guide, facts, routes["routes"]),
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
    tag_guides([guide])
    tag_page(tag("region", guide.operator.region_id), NOTES_FOR_EVERY_GUIDE)
    if guide.payment_provider_id:
        tag_page(tag("provider", guide.payment_provider_id))
    tag_each("note", notes)
    tag_each("contact", context["contacts"])
    return context


def operator_page_context(operator, guides):
    """The operator page's facts: its channels compared from their guides' facts boxes, what it
    says about keeping a number, and what works from abroad."""
    facts = list(operator.facts.all())
    by_guide = {}
    for fact in GuideFact.objects.filter(guide__in=[guide.pk for guide in guides]):
        by_guide.setdefault(fact.guide_id, []).append(fact)
    boxes = [(guide, facts_box(by_guide.get(guide.pk, []))) for guide in guides]
    compared_topics, comparison = facts_compared(boxes)
    contacts = official_contacts(operator)
    tag_page(tag("operator", operator.pk), tag("region", operator.region_id))
    tag_guides(guides)
    tag_each("contact", contacts)
    abroad = GuideFact.Topic.ABROAD
    abroad_guides = [
        guide
        for guide, box in boxes
        if any(fact and fact.works_from_abroad for topic, fact in box if topic == abroad)
    ]
    return {
        "contacts": contacts,
        "comparison": comparison,
        "compared_topics": compared_topics,
        "keep_alive": keep_alive_facts(facts),
        "abroad_facts": [fact for fact in facts if fact.topic == fact.Topic.ABROAD],
        "abroad_guides": abroad_guides,
        "abroad_answer": abroad_answer(abroad_guides),
    }


def regions_with_keep_alive_facts():
    """The keep-your-number page: each region that has active operators, with each operator and
    its keep-your-number facts by topic (`keep_alive_facts`), in three queries however many."""
    facts = OperatorFact.objects.filter(topic__in=OperatorFact.KEEP_ALIVE_TOPICS)
    active = Operator.objects.active().prefetch_related(Prefetch("facts", queryset=facts))
    regions = Region.objects.prefetch_related(Prefetch("operators", queryset=active))
    table = [
        (region, [(op, keep_alive_facts(op.facts.all())) for op in region.operators.all()])
        for region in regions
    ]
    # Any operator or region added or renamed purges the lists' tag; a fact, its operator's.
    tag_page(GUIDE_LISTS)
    tag_page(*(tag("operator", op.pk) for _region, operators in table for op, _facts in operators))
    return [(region, operators) for region, operators in table if operators]


def not_arrived_context(operator, channel=None):
    """The "didn't arrive" page's answer for a top-up of `operator` through `channel`: with the
    guide for the pair, its routes as the guide shows them (the payment provider's own, then the
    operator's, then the regulator's) and its time to credit; without a channel, or without a
    guide for the pair, the region's routes alone. And the operator's official contacts."""
    guide = None
    if channel is not None:
        guides = Guide.objects.public().filter(operator=operator, channel=channel)
        guide = guides.in_reading_order().first()
    if guide is not None:
        guide.operator, guide.channel = operator, channel
        routes = routes_context(guide)
        tag_guides([guide])
        if guide.payment_provider_id:
            tag_page(tag("provider", guide.payment_provider_id))
    else:
        routes = {"routes": region_routes(operator.region_id), "time_to_credit": None}
    contacts = official_contacts(operator)
    tag_page(tag("operator", operator.pk), tag("region", operator.region_id))
    if channel is not None:
        tag_page(tag("channel", channel.pk))
    tag_each("contact", contacts)
    return {"guide": guide, **routes, "contacts": contacts}
