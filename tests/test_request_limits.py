"""Request and field size limits: oversized input gets a clean page, never a 500."""

import pytest
from django.conf import settings

from guides.forms import FeedbackForm
from guides.models import Feedback

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


@pytest.fixture
def feedback_url(make_guide):
    return f"/en/guides/{make_guide().slug}/feedback/"


def test_limits_are_set_deliberately():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000


def test_a_huge_post_body_gets_a_413_page(client, feedback_url):
    message = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(feedback_url, {"kind": "other", "message": message}, **ORIGIN)
    assert response.status_code == 413
    html = response.content.decode()
    assert "Too much data" in html
    assert '<html lang="en">' in html
    assert not Feedback.objects.exists()


def test_a_huge_urlencoded_body_gets_a_413_page(client, feedback_url):
    body = "kind=other&message=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(
        feedback_url, body, content_type="application/x-www-form-urlencoded", **ORIGIN
    )
    assert response.status_code == 413


def test_too_many_form_fields_get_a_400_page(client, feedback_url):
    data = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(feedback_url, {"kind": "helpful", **data}, **ORIGIN)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
    assert not Feedback.objects.exists()


def test_too_many_query_parameters_get_a_400_page(client, db):
    query = "&".join(f"operator=o{n}" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.get(f"/zh-hans/guides/?{query}")
    assert response.status_code == 400
    assert '<html lang="zh-hans">' in response.content.decode()


def test_huge_post_to_the_admin_login_gets_a_413(client, db):
    """Even before CSRF and authentication look at it."""
    body = "username=a&password=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(
        f"/{settings.ADMIN_PATH}login/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413


def test_a_large_admin_form_fits_under_the_limit():
    """A guide with 30 long steps in both languages (3 bytes a character) still fits."""
    step = "长" * 2000
    assert 30 * 2 * len(step.encode()) < settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_feedback_message_has_a_maximum_length():
    form = FeedbackForm(data={"kind": "other", "message": "x" * 2001})
    assert not form.is_valid()
    assert "message" in form.errors
    assert form.fields["message"].max_length == 2000


def test_long_search_and_checker_input_is_cut_not_refused(client, db):
    assert client.get("/en/guides/", {"q": "话" * 50_000}).status_code == 200
    response = client.get("/en/check/", {"number": "1" * 50_000})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{"1" * 200}"' in html
