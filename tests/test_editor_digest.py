"""The editors' digest, delivered through a real SMTP server the test starts (aiosmtpd)."""

import datetime
import email
import logging
import socket
from email import policy
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from guides.models import (
    EditorProfile,
    Feedback,
    MissedSearch,
    ScheduledChange,
)
from tests.admin_forms import ADMIN


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def inbox():
    """An SMTP server on 127.0.0.1, and the settings that send the site's mail to it."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's own, chatty log
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, ready_timeout=5)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_TIMEOUT=5,
            SITE_URL="https://topup.example.org",
        ):
            yield handler
    finally:
        controller.stop()


def parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


@pytest.fixture
def something_to_say(make_guide, long_ago, make_broken_source_check):
    overdue = make_guide(last_verified_on=long_ago, title_en="Overdue guide")
    due_soon = make_guide(
        last_verified_on=timezone.localdate() - datetime.timedelta(days=175),
        title_en="Due soon guide",
    )
    Feedback.objects.create(guide=overdue, kind=Feedback.Kind.WRONG_NUMBER, message="10086?")
    make_broken_source_check(due_soon)
    ScheduledChange.objects.create(
        guide=due_soon,
        action=ScheduledChange.Action.WITHDRAW,
        run_at=timezone.now() + datetime.timedelta(days=2),
    )
    return overdue, due_soon


def test_each_editor_gets_one_digest_in_their_language(
    inbox, something_to_say, make_staff, django_user_model
):
    chinese = make_staff("li", "Editors")
    chinese.email = "li@example.org"
    chinese.save()
    english = make_staff("sam", "Editors")
    english.email = "sam@example.org"
    english.save()
    EditorProfile.for_user(english).__class__.objects.filter(user=english).update(language="en")
    opted_out = make_staff("quiet", "Editors")
    opted_out.email = "quiet@example.org"
    opted_out.save()
    EditorProfile.objects.filter(pk=EditorProfile.for_user(opted_out).pk).update(wants_digest=False)
    make_staff("reviewer", "Reviewers").__class__.objects.filter(username="reviewer").update(
        email="reviewer@example.org"
    )

    out = StringIO()
    call_command("send_editor_digest", stdout=out)
    assert "2 digest(s) sent" in out.getvalue()
    received = {tuple(to): message for to, message in inbox.messages}
    assert set(received) == {("li@example.org",), ("sam@example.org",)}

    text, html = parts(received[("sam@example.org",)])
    assert received[("sam@example.org",)]["Subject"] == "Top-up Guides: what needs you this week"
    for expected in [
        "Published guides overdue for review",
        "Overdue guide",
        "Guides due for review within 14 days",
        "Due soon guide",
        "New reader reports",
        "A number is wrong",
        "Sources broken or moved",
        "HTTP 404",
        "Scheduled changes",
        "Withdraw",
    ]:
        assert expected in text and expected in html
    assert f"https://topup.example.org{ADMIN}guides/guide/" in text
    assert '<a href="https://topup.example.org' in html

    text_zh, html_zh = parts(received[("li@example.org",)])
    assert received[("li@example.org",)]["Subject"].strip() == "充值指南：本周需要您处理的事项"
    assert "Guides overdue for review" not in text_zh and 'lang="zh-hans"' in html_zh


def test_nothing_is_sent_when_there_is_nothing_to_say(inbox, make_staff, make_guide):
    make_guide()  # verified today: nothing due
    editor = make_staff("li", "Editors")
    editor.email = "li@example.org"
    editor.save()
    call_command("send_editor_digest", stdout=StringIO())
    assert inbox.messages == []


def test_running_again_the_same_week_sends_nothing_more(inbox, something_to_say, make_staff):
    editor = make_staff("li", "Editors")
    editor.email = "li@example.org"
    editor.save()
    call_command("send_editor_digest", stdout=StringIO())
    call_command("send_editor_digest", stdout=StringIO())
    assert len(inbox.messages) == 1
    call_command("send_editor_digest", force=True, stdout=StringIO())
    assert len(inbox.messages) == 2


def test_an_editor_sets_their_own_language_and_opts_out_in_the_admin(
    editor_client, editor, make_staff
):
    other = EditorProfile.for_user(make_staff("other", "Editors"))
    response = editor_client.get(f"{ADMIN}guides/editorprofile/")
    own = EditorProfile.objects.get(user=editor)
    assert response.status_code == 302 and response["Location"].endswith(f"/{own.pk}/change/")
    response = editor_client.post(
        f"{ADMIN}guides/editorprofile/{own.pk}/change/", {"language": "en"}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.language == "en" and not own.wants_digest
    assert editor_client.get(f"{ADMIN}guides/editorprofile/{other.pk}/change/").status_code in (
        302,
        403,
        404,
    )
    other.refresh_from_db()
    assert other.wants_digest


def test_searches_that_found_nothing_often_are_in_the_digest(inbox, make_staff):
    editor = make_staff("li", "Editors")
    editor.email = "li@example.org"
    editor.save()
    for _ in range(MissedSearch.SHOWN_AFTER):
        MissedSearch.objects.record("hamster load")
    MissedSearch.objects.record("seen once")
    call_command("send_editor_digest", stdout=StringIO())
    [(_to, message)] = inbox.messages
    text, _html = parts(message)
    assert f"“hamster load” ({MissedSearch.SHOWN_AFTER})" in text
    assert "seen once" not in text
