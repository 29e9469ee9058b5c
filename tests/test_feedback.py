"""Reader feedback: anonymous, protected against cross-site posts and bots, rate limited."""

from unittest import mock

import pytest
from django.conf import settings
from django.core.cache.backends import locmem
from django.db import DatabaseError
from django.urls import reverse

from guides.models import Feedback

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


@pytest.fixture
def guide(make_guide):
    return make_guide(slug="feedback-guide")


def post(client, guide, data, language="en", **headers):
    return client.post(f"/{language}/guides/{guide.slug}/feedback/", data, **{**ORIGIN, **headers})


def test_helpful_vote_is_stored(client, guide):
    response = post(client, guide, {"kind": "helpful"})
    assert response.status_code == 302
    assert response["Location"] == f"/en/guides/{guide.slug}/feedback/thanks/helpful/"
    feedback = Feedback.objects.get()
    assert (feedback.guide, feedback.kind, feedback.status) == (guide, "helpful", "new")


def test_problem_report_with_message_is_stored(client, guide):
    post(client, guide, {"kind": "scam_seen", "message": "Someone sells 慢充 on WeChat."})
    feedback = Feedback.objects.get()
    assert feedback.kind == "scam_seen"
    assert feedback.message == "Someone sells 慢充 on WeChat."


def test_thanks_page_is_translated(client, guide):
    assert "Thank you" in client.get(f"/en/guides/{guide.slug}/feedback/thanks/").content.decode()
    html = client.get(f"/zh-hans/guides/{guide.slug}/feedback/thanks/").content.decode()
    assert "Thank you" not in html


def test_feedback_keeps_no_personal_data(db):
    fields = {field.name for field in Feedback._meta.get_fields()}
    # What a scam report names (optional) is what the scam used, never the reader's own.
    assert fields == {
        "id",
        "guide",
        "kind",
        "message",
        "reported_value",
        "created_at",
        "status",
        "scam_entries",
    }


def test_too_long_message_is_refused_and_kept(client, guide):
    message = "这是很长的留言。" * 300
    response = post(client, guide, {"kind": "outdated", "message": message})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Nothing you typed has been lost" in html
    assert not Feedback.objects.exists()


def test_unknown_kind_is_refused_with_a_message(client, guide):
    response = post(client, guide, {"kind": "delete_everything", "message": "hi"})
    assert response.status_code == 400
    assert (
        "aria-invalid" in response.content.decode()
        or "feedback-kind-error" in response.content.decode()
    )
    assert not Feedback.objects.exists()


def test_error_page_is_in_the_readers_language(client, guide):
    response = post(client, guide, {"kind": "nope"}, language="zh-hans")
    assert response.status_code == 400
    assert "Nothing you typed has been lost" not in response.content.decode()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "", "HTTP_REFERER": "https://evil.example/page"},
        {"HTTP_ORIGIN": ""},
    ],
)
def test_cross_site_posts_are_refused(client, guide, headers):
    response = post(client, guide, {"kind": "helpful"}, **headers)
    assert response.status_code == 403
    assert "only accept feedback sent from the form" in response.content.decode()
    assert not Feedback.objects.exists()


def test_same_site_referer_is_accepted_without_origin(client, guide):
    response = post(
        client, guide, {"kind": "helpful"}, HTTP_ORIGIN="", HTTP_REFERER="http://testserver/en/"
    )
    assert response.status_code == 302
    assert Feedback.objects.count() == 1


def test_honeypot_submissions_are_dropped_quietly(client, guide):
    response = post(client, guide, {"kind": "other", "message": "buy", "website": "spam.example"})
    assert response.status_code == 302
    assert not Feedback.objects.exists()


def test_rate_limit_answers_429_in_the_readers_language(client, guide):
    limit = int(settings.FEEDBACK_RATE_LIMIT.split("/")[0])
    for _ in range(limit):
        assert post(client, guide, {"kind": "helpful"}).status_code == 302
    response = post(client, guide, {"kind": "helpful"})
    assert response.status_code == 429
    assert "Too many reports" in response.content.decode()
    assert Feedback.objects.count() == limit
    response = post(client, guide, {"kind": "helpful"}, language="zh-hans")
    assert response.status_code == 429
    assert "Too many reports" not in response.content.decode()


def test_rate_limit_is_per_client(client, guide):
    limit = int(settings.FEEDBACK_RATE_LIMIT.split("/")[0])
    for _ in range(limit):
        post(client, guide, {"kind": "helpful"}, REMOTE_ADDR="203.0.113.1")
    assert post(client, guide, {"kind": "helpful"}, REMOTE_ADDR="203.0.113.1").status_code == 429
    assert post(client, guide, {"kind": "helpful"}, REMOTE_ADDR="203.0.113.2").status_code == 302


def forget_this_process_memory():
    """As if the next request went to another worker process, which has its own memory."""
    for store in [*locmem._caches.values(), *locmem._expire_info.values()]:
        store.clear()


def test_rate_limit_counts_are_shared_by_every_worker_process(client, guide):
    limit = int(settings.FEEDBACK_RATE_LIMIT.split("/")[0])
    for _ in range(limit):
        assert post(client, guide, {"kind": "helpful"}).status_code == 302
    forget_this_process_memory()
    assert post(client, guide, {"kind": "helpful"}).status_code == 429


def test_rate_limit_is_never_counted_in_one_process_only():
    backend = settings.CACHES[settings.RATELIMIT_USE_CACHE]["BACKEND"]
    assert backend in {
        "django.core.cache.backends.db.DatabaseCache",
        "django_redis.cache.RedisCache",
    }


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Nothing you typed has been lost"), ("zh-hans", "你填写的内容都还在")],
)
def test_feedback_while_the_rate_limit_is_unavailable_asks_to_try_again(
    client, guide, language, text
):
    with mock.patch("django_ratelimit.core.caches") as caches:
        caches.__getitem__.return_value.add.side_effect = DatabaseError("no such table")
        response = post(
            client, guide, {"kind": "outdated", "message": "The menu moved."}, language=language
        )
    assert response.status_code == 503
    html = response.content.decode()
    assert text in html
    assert "The menu moved." in html
    assert not Feedback.objects.exists()


def test_feedback_on_unknown_or_draft_guide_is_404(client, make_guide):
    draft = make_guide(status="draft")
    assert (
        client.post("/en/guides/nope/feedback/", {"kind": "helpful"}, **ORIGIN).status_code == 404
    )
    assert post(client, draft, {"kind": "helpful"}).status_code == 404


@pytest.mark.parametrize(
    "message",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[x](javascript:alert(1))",
    ],
)
def test_xss_in_feedback_is_escaped_in_the_admin(client, editor_client, guide, message):
    post(client, guide, {"kind": "other", "message": message})
    feedback = Feedback.objects.get()
    for url in [
        reverse("admin:guides_feedback_changelist"),
        reverse("admin:guides_feedback_change", args=[feedback.pk]),
        reverse("admin:guides_guide_change", args=[guide.pk]),
    ]:
        html = editor_client.get(url).content.decode()
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert 'href="javascript:' not in html


def test_feedback_form_is_on_the_guide_page_without_a_token(client, guide):
    html = client.get(f"/en/guides/{guide.slug}/").content.decode()
    assert f'action="/en/guides/{guide.slug}/feedback/"' in html
    assert "csrfmiddlewaretoken" not in html
    assert 'name="website"' in html


def test_guide_admin_shows_feedback_counts_and_open_reports(client, editor_client, guide):
    post(client, guide, {"kind": "helpful"})
    post(client, guide, {"kind": "helpful"})
    post(client, guide, {"kind": "not_helpful"})
    post(client, guide, {"kind": "outdated", "message": "The app menu changed."})
    html = editor_client.get(reverse("admin:guides_guide_change", args=[guide.pk])).content.decode()
    assert "Helpful: 2" in html and "Not helpful: 1" in html
    assert "The app menu changed." in html


def test_moderation_filters_and_bulk_actions(client, editor_client, guide, make_guide):
    other = make_guide()
    post(client, guide, {"kind": "scam_seen", "message": "a"})
    post(client, other, {"kind": "outdated", "message": "b"})
    changelist = reverse("admin:guides_feedback_changelist")
    for query, expected in [
        (f"guide__id__exact={guide.pk}", 1),
        (f"guide__operator__id__exact={guide.operator.pk}", 1),
        ("kind__exact=outdated", 1),
        ("status__exact=new", 2),
    ]:
        response = editor_client.get(f"{changelist}?{query}")
        assert response.context["cl"].result_count == expected, query
    ids = list(Feedback.objects.values_list("pk", flat=True))
    editor_client.post(changelist, {"action": "mark_resolved", "_selected_action": ids})
    assert set(Feedback.objects.values_list("status", flat=True)) == {"resolved"}
    editor_client.post(changelist, {"action": "mark_spam", "_selected_action": ids[:1]})
    assert Feedback.objects.filter(status="spam").count() == 1


def test_scam_report_keeps_the_number_the_scam_used(client, guide):
    post(client, guide, {"kind": "scam_seen", "reported_value": " +63 917 000 0000 "})
    assert Feedback.objects.get().reported_value == "+63 917 000 0000"


def test_only_a_scam_report_names_a_number(client, guide):
    post(client, guide, {"kind": "outdated", "reported_value": "+63 917 000 0000"})
    assert Feedback.objects.get().reported_value == ""


def test_an_unreadable_reported_value_is_refused_and_kept(client, guide):
    value = "<script>alert(1)</script>"
    response = post(
        client, guide, {"kind": "scam_seen", "message": "保留", "reported_value": value}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Type a phone number, an SMS sender name or a web address" in html
    assert "保留" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not Feedback.objects.exists()
