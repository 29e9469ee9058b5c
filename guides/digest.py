"""The editors' weekly digest (`manage.py send_editor_digest`): one e-mail per editor, in their
language, with what needs them; none when there is nothing to say.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import EditorProfile, Feedback, Guide, MissedSearch, ScheduledChange, SourceCheck

EDITORS_GROUP = "Editors"
# A digest is weekly: a second run within this time (cron twice, a retry) sends nothing again.
RESEND_AFTER = datetime.timedelta(days=6)


def admin_url(name, *args):
    return settings.SITE_URL + reverse(name, args=args)


def digest_sections(now=None):
    """What the digest says, the same for every editor: lists of (text, admin link)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    soon = today + datetime.timedelta(days=settings.DIGEST_DUE_WITHIN_DAYS)
    published = Guide.objects.published()
    overdue = list(published.overdue_for_review(today))
    due_soon = [g for g in published.overdue_for_review(soon) if g not in overdue]
    reports = Feedback.objects.new().exclude(
        kind__in=[Feedback.Kind.HELPFUL, Feedback.Kind.NOT_HELPFUL]
    )
    sections = [
        (
            _("Guides overdue for review"),
            [(str(g), admin_url("admin:guides_guide_change", g.pk)) for g in overdue],
        ),
        (
            _("Guides due for review within %(days)d days")
            % {"days": settings.DIGEST_DUE_WITHIN_DAYS},
            [
                (f"{g} ({g.review_due_on:%Y-%m-%d})", admin_url("admin:guides_guide_change", g.pk))
                for g in due_soon
            ],
        ),
        (
            _("New reader reports"),
            [
                (
                    f"{report.get_kind_display()}: {report.guide}",
                    admin_url("admin:guides_feedback_change", report.pk),
                )
                for report in reports.select_related("guide")
            ],
        ),
        (
            _("Broken or moved sources"),
            [
                (f"{check.item}: {check.url} ({check.summary()})", check_admin_url(check))
                for check in SourceCheck.objects.current_problems()
            ],
        ),
        (
            _("Scheduled changes"),
            [
                (str(change), admin_url("admin:guides_scheduledchange_change", change.pk))
                for change in ScheduledChange.objects.pending().select_related("guide")
            ],
        ),
        (
            _("Scheduled changes that were refused"),
            [
                (
                    f"{change}: {change.outcome}",
                    admin_url("admin:guides_scheduledchange_change", change.pk),
                )
                for change in ScheduledChange.objects.refused().select_related("guide")
            ],
        ),
        (
            _("Searches that found nothing, seen %(times)d times or more")
            % {"times": MissedSearch.SHOWN_AFTER},
            [
                (
                    f"“{search.query}” ({search.times})",
                    admin_url("admin:guides_missedsearch_change", search.pk),
                )
                for search in MissedSearch.objects.needing_attention()
            ],
        ),
    ]
    return [(title, items) for title, items in sections if items]


def check_admin_url(check):
    return admin_url("admin:guides_sourcecheck_change", check.pk)


def recipients():
    """Active editors with an address who have not turned the digest off."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=EDITORS_GROUP)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    return [(user, EditorProfile.for_user(user)) for user in users]


def digest_message(user, profile, now, connection=None):
    """The e-mail for one editor, in their language, or None when there is nothing to say."""
    with translation.override(profile.language):
        sections = digest_sections(now)
        if not sections:
            return None
        context = {
            "user": user,
            "sections": sections,
            "profile_url": admin_url("admin:guides_editorprofile_change", profile.pk),
            "admin_url": admin_url("admin:index"),
        }
        subject = _("Top-up Guides: what needs you this week")
        text = render_to_string("guides/email/editor_digest.txt", context)
        html = render_to_string("guides/email/editor_digest.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email], connection=connection)
    message.attach_alternative(html, "text/html")
    return message


def send_digests(*, now=None, force=False):
    """Send each editor their digest; (sent, skipped) user lists."""
    now = now or timezone.now()
    sent, skipped = [], []
    connection = get_connection()
    for user, profile in recipients():
        recent = profile.last_digest_sent_at and now - profile.last_digest_sent_at < RESEND_AFTER
        if not profile.wants_digest or (recent and not force):
            skipped.append(user)
            continue
        message = digest_message(user, profile, now, connection)
        if message is None:
            skipped.append(user)
            continue
        message.send()
        EditorProfile.objects.filter(pk=profile.pk).update(last_digest_sent_at=now)
        sent.append(user)
    return sent, skipped
