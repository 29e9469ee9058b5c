"""Previews of drafts and unsaved changes, as readers will see them, and share links."""

import datetime
import logging
import runpy
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone
from gunicorn.config import Config

from guides.models import Guide, PreviewLink
from tests.admin_forms import ADMIN, guide_change_data


def preview_url(guide, language):
    return f"{ADMIN}guides/guide/{guide.pk}/preview/{language}/"


def assert_private_preview(response):
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert 'id="preview-banner"' in html
    assert 'id="feedback"' not in html  # readers' feedback form: not on a preview
    assert 'rel="alternate" hreflang' not in html


def test_editor_previews_a_saved_draft_in_each_language(editor_client, make_guide):
    guide = make_guide(
        status=Guide.Status.DRAFT, title_zh_hans="草稿标题", title_en="Draft title", steps=2
    )

    chinese = editor_client.get(preview_url(guide, "zh-hans"))
    english = editor_client.get(preview_url(guide, "en"))

    assert chinese.status_code == english.status_code == 200
    assert "<h1>草稿标题</h1>" in chinese.content.decode()
    assert '<html lang="zh-hans">' in chinese.content.decode()
    assert "<h1>Draft title</h1>" in english.content.decode()
    assert "Step 2" in english.content.decode()
    assert "not published" in english.content.decode()
    assert_private_preview(chinese)
    assert_private_preview(english)
    # Readers still cannot see the draft.
    assert editor_client.get(f"/en/guides/{guide.slug}/").status_code == 404


def test_preview_uses_the_readers_page_with_its_safety_notes_and_contacts(
    editor_client, make_guide, make_contact
):
    contact = make_contact(value="10086")
    guide = make_guide(operator=contact.operator, status=Guide.Status.DRAFT)
    html = editor_client.get(preview_url(guide, "en")).content.decode()
    assert 'id="safety-title"' in html
    assert "10086" in html


def test_preview_of_unsaved_changes_shows_them_and_saves_nothing(editor_client, make_guide):
    guide = make_guide(title_en="Saved title", steps=2)
    data = guide_change_data(
        guide,
        steps=[("第一步", "Unsaved first step"), ("第二步", "Step 2"), ("新的一步", "A new step")],
        title_en="Unsaved title",
    )

    response = editor_client.post(preview_url(guide, "en"), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Unsaved title</h1>" in html
    assert "Unsaved first step" in html and "A new step" in html
    assert "not saved yet" in html
    assert_private_preview(response)
    guide.refresh_from_db()
    assert guide.title_en == "Saved title"
    assert guide.steps.count() == 2


def test_preview_of_unsaved_changes_leaves_out_deleted_steps(editor_client, make_guide):
    guide = make_guide(steps=3)
    data = guide_change_data(guide, **{"steps-1-DELETE": "on"})
    html = editor_client.post(preview_url(guide, "en"), data).content.decode()
    assert "Step 1" in html and "Step 3" in html
    assert "Step 2" not in html


def test_preview_of_a_new_guide_from_the_add_form(editor_client, make_operator, make_channel):
    from tests.test_admin import guide_form

    data = guide_form(make_operator(), make_channel(), [("打开App", "Open the app")])

    response = editor_client.post(f"{ADMIN}guides/guide/preview/en/", data)

    assert response.status_code == 200
    assert "Open the app" in response.content.decode()
    assert not Guide.objects.exists()


def test_preview_of_a_form_with_errors_lists_them(editor_client, make_guide):
    guide = make_guide()
    response = editor_client.post(preview_url(guide, "en"), guide_change_data(guide, slug=""))
    assert response.status_code == 400
    assert "Slug" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "staff_without_permissions", "reviewer"])
def test_preview_is_not_found_for_anyone_who_may_not_edit_the_guide(
    client, login, make_staff, make_guide, who
):
    guide = make_guide(status=Guide.Status.DRAFT)
    if who == "staff_without_permissions":
        client = login(make_staff("nobody"))
    elif who == "reviewer":
        client = login(make_staff("reviewer", "Reviewers"))

    assert client.get(preview_url(guide, "en")).status_code == 404
    assert client.post(preview_url(guide, "en"), guide_change_data(guide)).status_code == 404


def test_preview_of_an_unknown_language_or_guide_is_not_found(editor_client, make_guide):
    guide = make_guide()
    assert editor_client.get(preview_url(guide, "fr")).status_code == 404
    assert editor_client.get(f"{ADMIN}guides/guide/999999/preview/en/").status_code == 404


def test_change_form_offers_a_preview_in_each_language(editor_client, make_guide):
    guide = make_guide()
    html = editor_client.get(f"{ADMIN}guides/guide/{guide.pk}/change/").content.decode()
    assert f'formaction="{preview_url(guide, "zh-hans")}"' in html
    assert f'formaction="{preview_url(guide, "en")}"' in html


def test_published_guide_page_is_unchanged_for_readers(client, make_guide):
    guide = make_guide()
    html = client.get(f"/en/guides/{guide.slug}/").content.decode()
    assert 'id="feedback"' in html
    assert "noindex" not in html
    assert 'id="preview-banner"' not in html


# Share links


def test_share_link_shows_the_draft_to_someone_without_an_account(client, make_guide, editor):
    guide = make_guide(status=Guide.Status.DRAFT, title_en="Draft for the operator")
    link = PreviewLink.create_for(guide, editor)

    response = client.get(f"/en/preview/{link.token}/")

    assert response.status_code == 200
    assert "<h1>Draft for the operator</h1>" in response.content.decode()
    assert_private_preview(response)
    assert response["Referrer-Policy"] == "no-referrer"
    assert client.get(f"/zh-hans/preview/{link.token}/").status_code == 200


def test_share_link_expires_after_seven_days(client, make_guide, editor):
    guide = make_guide(status=Guide.Status.DRAFT)
    made = timezone.now() - datetime.timedelta(days=7, seconds=1)
    link = PreviewLink.create_for(guide, editor, now=made)
    assert link.expires_at == made + datetime.timedelta(days=7)
    assert client.get(f"/en/preview/{link.token}/").status_code == 404


def test_revoked_or_unknown_share_link_is_not_found(client, make_guide, editor):
    link = PreviewLink.create_for(make_guide(status=Guide.Status.DRAFT), editor)
    link.revoke()
    assert client.get(f"/en/preview/{link.token}/").status_code == 404
    assert client.get("/en/preview/not-a-token/").status_code == 404


def test_editor_makes_and_revokes_a_share_link_from_the_guide_admin(editor_client, make_guide):
    guide = make_guide(status=Guide.Status.DRAFT)
    url = f"{ADMIN}guides/guide/{guide.pk}/share/"

    made = editor_client.post(url, follow=True)

    link = guide.preview_links.get()
    assert link.is_active()
    assert f"/en/preview/{link.token}/" in made.content.decode()
    editor_client.post(url, {"revoke": link.pk})
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert editor_client.get(f"/en/preview/{link.token}/").status_code == 404


def test_reviewer_sees_share_links_but_cannot_make_them(reviewer_client, make_guide):
    guide = make_guide(status=Guide.Status.DRAFT)
    url = f"{ADMIN}guides/guide/{guide.pk}/share/"
    assert reviewer_client.get(url).status_code == 200
    assert reviewer_client.post(url).status_code == 403
    assert not guide.preview_links.exists()


# Share-link tokens never reach a log: the token is the link's only credential.


def gunicorn_access_line(environ):
    """The access log line gunicorn writes for a GET of `environ`, with gunicorn.conf.py."""
    conf = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    config = Config()
    for name in ("access_log_format", "logger_class"):
        if name in conf:
            config.set(name, conf[name])
    logger = config.logger_class(config)
    response = SimpleNamespace(status="404 Not Found", headers=[], sent=100)
    request = SimpleNamespace(headers=[("REFERER", environ.get("HTTP_REFERER", "-"))])
    environ = {"REQUEST_METHOD": "GET", "SERVER_PROTOCOL": "HTTP/1.1", **environ}
    atoms = logger.atoms(response, request, environ, datetime.timedelta(milliseconds=3))
    return config.access_log_format % atoms


TOKEN = "secretToken_-0123456789abcdefghijklmnopqrstuv"


@pytest.mark.parametrize(
    "environ",
    [
        {"PATH_INFO": f"/en/preview/{TOKEN}/", "RAW_URI": f"/en/preview/{TOKEN}/"},
        {"PATH_INFO": f"/zh-hans/preview/{TOKEN}/", "RAW_URI": f"/zh-hans/%70review/{TOKEN}/?a=1"},
        {"PATH_INFO": "/en/", "RAW_URI": "/en/", "HTTP_REFERER": f"https://x/en/preview/{TOKEN}/"},
    ],
)
def test_the_access_log_names_no_share_link_token(environ):
    line = gunicorn_access_line(environ)
    assert TOKEN not in line
    assert "/preview/" in line or environ["PATH_INFO"] in line


def test_djangos_request_log_names_no_share_link_token(client, make_guide, editor, caplog):
    link = PreviewLink.create_for(make_guide(status=Guide.Status.DRAFT), editor)
    link.revoke()
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(f"/en/preview/{link.token}/").status_code == 404
    assert "Not Found: /en/preview/" in caplog.text
    assert link.token not in caplog.text
