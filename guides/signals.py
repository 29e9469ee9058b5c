"""Cache invalidation: any change to published content makes every cached page stale.

This is the one job signals do here: content changes from the admin, from management commands
and from history reverts all go through model saves and deletes, and a page can depend on almost
any row (a guide page shows its operator's contacts and the safety notes of its channel).
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .cache import bump_content_version
from .models import (
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

CONTENT_MODELS = [
    Region,
    Authority,
    Operator,
    OfficialContact,
    OperatorFact,
    PaymentProvider,
    PaymentProviderContact,
    ProblemRoute,
    Channel,
    Guide,
    GuideStep,
    GuideFact,
    SafetyNote,
    ScamEntry,
    # Synonyms change what a search finds, so the cached search pages too.
    SearchSynonym,
]


def content_changed(sender, **kwargs):
    bump_content_version()
    # And again after the commit: a page rendered by another server between the first bump and
    # the commit still showed the old content, and must not outlive it.
    transaction.on_commit(bump_content_version)


def connect():
    for model in CONTENT_MODELS:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-save-{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-del-{model}")
    for through in [SafetyNote.channels.through, SafetyNote.operators.through]:
        m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"cache-m2m-{through}")
