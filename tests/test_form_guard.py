"""The readers' anonymous forms share one guard: the same answer to an outage of the rate
limit's counters (503, the text kept, nothing taken), to a flood (429) and to a cross-site post
(403), whichever form it is."""

from unittest import mock

import pytest
from django.conf import settings
from django.core import signing
from django.db import DatabaseError
from django.urls import get_resolver
from django.views.generic.edit import ProcessFormView

from guides.models import Feedback, ScamDispute
from guides.web.feedback_views import MISSING_SALT
from guides.web.form_guard import AnonymousFormGuard

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
TEXT = "有人在微信上卖慢充 / a reseller on WeChat"


@pytest.fixture
def forms(make_guide, make_scam_entry):
    """Each anonymous form as (path, data, how many posts it has taken) for TEXT."""
    guide = make_guide(slug="guarded-guide")
    vote = Feedback.objects.create(guide=guide, kind="not_helpful")
    entry = make_scam_entry()
    ref = signing.dumps(vote.pk, salt=MISSING_SALT)
    return {
        "feedback": (
            f"/{{language}}/guides/{guide.slug}/feedback/",
            {"kind": "other", "message": TEXT},
            lambda: Feedback.objects.exclude(pk=vote.pk).count(),
        ),
        "what was missing": (
            f"/{{language}}/guides/{guide.slug}/feedback/missing/",
            {"ref": ref, "message": TEXT},
            lambda: Feedback.objects.filter(pk=vote.pk).exclude(message="").count(),
        ),
        "scam register review": (
            f"/{{language}}/check/disputes/{entry.pk}/",
            {"message": TEXT},
            ScamDispute.objects.count,
        ),
    }


FORMS = ["feedback", "what was missing", "scam register review"]


def counters_down():
    patch = mock.patch("django_ratelimit.core.caches")
    caches = patch.start()
    caches.__getitem__.return_value.add.side_effect = DatabaseError("no such table")
    return patch


@pytest.mark.parametrize("name", FORMS)
@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Nothing you typed has been lost"), ("zh-hans", "你填写的内容都还在")],
)
def test_an_outage_of_the_counters_answers_503_keeping_the_text_in_every_form(
    client, forms, name, language, message
):
    path, data, stored = forms[name]
    patch = counters_down()
    try:
        response = client.post(path.format(language=language), data, **ORIGIN)
    finally:
        patch.stop()
    assert response.status_code == 503
    assert response["Retry-After"]
    html = response.content.decode()
    assert message in html
    assert TEXT in html
    assert stored() == 0


@pytest.mark.parametrize("name", FORMS)
def test_a_flood_answers_429_and_takes_nothing_more_in_every_form(client, forms, name):
    path, data, stored = forms[name]
    limit = int(settings.FEEDBACK_RATE_LIMIT.split("/")[0])
    for _ in range(limit):
        client.post(path.format(language="en"), data, **ORIGIN)
    taken = stored()
    response = client.post(path.format(language="en"), data, **ORIGIN)
    assert response.status_code == 429
    assert stored() == taken
    assert "try again later" in response.content.decode()


@pytest.mark.parametrize("name", ["feedback", "what was missing"])
def test_a_cross_site_post_is_refused_by_the_forms_on_shared_pages(client, forms, name):
    path, data, stored = forms[name]
    response = client.post(path.format(language="en"), data, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert stored() == 0


def public_form_views():
    for pattern in get_resolver("guides.urls").url_patterns:
        view = getattr(pattern.callback, "view_class", None)
        if view is not None and issubclass(view, ProcessFormView):
            yield view


def test_every_public_form_is_behind_the_one_guard():
    views = list(public_form_views())
    assert len(views) == 3
    for view in views:
        assert issubclass(view, AnonymousFormGuard), view
        assert view.rate_limit_group
