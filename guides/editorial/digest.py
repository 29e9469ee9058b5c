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
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import EditorProfile, Feedback, Guide, MissedSearch, ScheduledChange, SourceCheck
from .attention import attention_items

EDITORS_GROUP = "Editors"
# A digest is weekly: a second run within this time (cron twice, a retry) sends nothing again.
RESEND_AFTER = datetime.timedelta(days=6)


def admin_url(name, *args):
    return settings.SITE_URL + reverse(name, args=args)


def item_line(item):
    """One line of the digest about `item`, with the link to its admin page."""
    if isinstance(item, Feedback):
        text = f"{item.get_kind_display()}: {item.guide}"
    elif isinstance(item, SourceCheck):
        return (f"{item.item}: {item.url} ({item.summary()})", check_admin_url(item))
    elif isinstance(item, ScheduledChange) and item.outcome:
        text = f"{item}: {item.outcome}"
    elif isinstance(item, MissedSearch):
        text = f"“{item.query}” ({item.times})"
    else:
        text = str(item)
    opts = item._meta
    return (text, admin_url(f"admin:{opts.app_label}_{opts.model_name}_change", item.pk))


def digest_sections(now=None):
    """What the digest says, the same for every editor: (title, lines, link to the whole list).

    It lists what the admin index counts, in the same words (`guides.editorial.attention`), and adds
    what is coming: guides due for review soon and scheduled changes.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    soon = today + datetime.timedelta(days=settings.DIGEST_DUE_WITHIN_DAYS)
    sections = [
        (item.label, [item_line(each) for each in item.items], settings.SITE_URL + item.list_url)
        for item in attention_items(today)
    ]
    published = Guide.objects.published()
    overdue = set(published.overdue_for_review(today).values_list("pk", flat=True))
    due_soon = [g for g in published.overdue_for_review(soon) if g.pk not in overdue]
    sections += [
        (
            _("Guides due for review within %(days)d days")
            % {"days": settings.DIGEST_DUE_WITHIN_DAYS},
            [
                (
                    f"{g} ({date_format(g.review_due_on)})",
                    admin_url("admin:guides_guide_change", g.pk),
                )
                for g in due_soon
            ],
            None,
        ),
        (
            _("Scheduled changes"),
            [item_line(c) for c in ScheduledChange.objects.pending().select_related("guide")],
            None,
        ),
    ]
    return [section for section in sections if section[1]]


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
