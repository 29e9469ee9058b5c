"""Request and field size limits: oversized input gets a clean page, never a 500."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from guides.models import Feedback
from guides.web.forms import FeedbackForm

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


# Bodies over the limit are refused whatever their encoding, before any of them is read.


class UnreadBody(io.BytesIO):
    """A request body that records whether anything read it."""

    was_read = False

    def read(self, *args):
        self.was_read = True
        return super().read(*args)

    readline = read


def test_a_file_part_over_the_limit_gets_a_413_page(client, feedback_url):
    """Django's own limit leaves out file parts (they go to memory, then to disk)."""
    upload = SimpleUploadedFile("big.bin", b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    response = client.post(
        feedback_url, {"kind": "other", "message": "hello", "file": upload}, **ORIGIN
    )
    assert response.status_code == 413
    assert '<html lang="en">' in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "text/plain"],
)
def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_read(
    client, feedback_url, content_type
):
    body = UnreadBody(b"kind=other&message=hello")
    response = client.post(
        feedback_url,
        content_type=content_type,
        CONTENT_LENGTH=str(300 * 1024 * 1024),
        **{"wsgi.input": body},
        **ORIGIN,
    )
    assert response.status_code == 413
    assert not body.was_read
    assert not Feedback.objects.exists()


def test_a_chunked_body_without_a_length_is_refused_unread(client, feedback_url):
    body = UnreadBody(b"kind=other&message=hello")
    response = client.post(
        feedback_url,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": body},
        **ORIGIN,
    )
    assert response.status_code == 413
    assert not body.was_read


def test_the_413_page_is_in_the_readers_language(client, make_guide):
    response = client.post(
        f"/zh-hans/guides/{make_guide().slug}/feedback/",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
        **{"wsgi.input": UnreadBody()},
        **ORIGIN,
    )
    assert response.status_code == 413
    assert '<html lang="zh-hans">' in response.content.decode()


def test_a_body_at_the_limit_is_read(client, feedback_url):
    padding = settings.DATA_UPLOAD_MAX_MEMORY_SIZE - len("kind=helpful&pad=")
    body = "kind=helpful&pad=" + "x" * padding
    response = client.post(
        feedback_url, body, content_type="application/x-www-form-urlencoded", **ORIGIN
    )
    assert response.status_code != 413
