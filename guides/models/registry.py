"""Which models are the site's content, in one place: the page cache's invalidation
(`guides.caching.signals`), the history (`guides.translation`), the export
(`guides.editorial.backup`) and the demo loader all read these lists, so they cannot disagree.

Every concrete model of the app is in exactly one of the four groups below, and
`tests/test_content_registry.py` fails for a new model until it is put in one. A model added to
`CONTENT` gets a history, makes the cached pages stale when it changes and is exported, with no
other list to edit; the test then asks that the demo files have some of it.
"""

from . import (
    Authority,
    Channel,
    EditorProfile,
    FailedPurge,
    Feedback,
    Guide,
    GuideFact,
    GuideStep,
    MissedSearch,
    OfficialContact,
    Operator,
    OperatorFact,
    PaymentProvider,
    PaymentProviderContact,
    PreviewLink,
    ProblemRoute,
    Region,
    SafetyNote,
    ScamDispute,
    ScamEntry,
    ScheduledChange,
    SearchSynonym,
    SearchWord,
    SourceCheck,
)

# What readers see and editors keep. Each keeps every version (who, when, what; revert), a save
# or delete makes the pages showing it stale, it is exported and the demo files have some.
# Synonyms are here because they change what a search finds, and so the cached search pages.
CONTENT = (
    Region,
    Authority,
    Channel,
    Operator,
    OfficialContact,
    OperatorFact,
    PaymentProvider,
    PaymentProviderContact,
    ProblemRoute,
    Guide,
    GuideStep,
    GuideFact,
    SafetyNote,
    ScamEntry,
    SearchSynonym,
)

# What readers send: feedback on a guide (a scam report among it) and disputes of a register
# entry. Exported with the content, since nothing else keeps it; but no page shows it until an
# editor acts on it by changing content, so it needs no history and stales no page, and the
# demo has none, as no reader wrote it.
READER_REPORTS = (Feedback, ScamDispute)

# Editors' work in progress and their own settings, tied to user accounts (which are not
# exported): scheduled changes, share links of a preview, each editor's settings, and what
# `check_sources` found (it finds it again). The demo loader writes one scheduled change and one
# source-check result, as editorial demo state rather than content.
EDITORIAL_WORK = (ScheduledChange, PreviewLink, EditorProfile, SourceCheck)

# What the site writes for itself: search words (written again from the guides), the tally of
# searches that found nothing (counted from readers' searches, not written by anyone) and the
# cache purges that failed (about the caches in front, not the content).
SITE_RECORDS = (SearchWord, MissedSearch, FailedPurge)


def in_creation_order(models):
    """`models` ordered so that each comes after every other one of them it refers to (by a
    foreign key or a many-to-many field), otherwise in the order given."""
    remaining, ordered = list(models), []
    while remaining:
        for model in remaining:
            refers_to = {
                field.related_model
                for field in model._meta.get_fields()
                if (field.many_to_one or field.many_to_many) and field.concrete
            }
            if not refers_to & (set(remaining) - {model}):
                break
        else:
            raise ValueError(f"These models refer to each other in a circle: {remaining}")
        remaining.remove(model)
        ordered.append(model)
    return ordered


# The export: content and what readers sent, every model after the ones it refers to (a scam
# register entry may name the reader report it came from).
EXPORTED = tuple(in_creation_order(CONTENT + READER_REPORTS))
