"""Rough edges editors hit in the admin (issue 16, point 5), each with its test."""

import re

import pytest
from django.conf import settings
from django.test import Client

from guides.models import Feedback
from tests.admin_forms import guide_change_data

ADMIN = f"/{settings.ADMIN_PATH}"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def chinese_editor(editor):
    browser = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    browser.force_login(editor)
    return browser


def english_texts(html):
    """Text and labels a reader sees or hears that are English words, not Chinese."""
    html = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    texts = re.findall(r">([^<>]+)<", html)
    texts += re.findall(r'(?:title|aria-label|placeholder)="([^"]+)"', html)
    return sorted(
        {
            text.strip()
            for text in texts
            if re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", text) and not CJK.search(text)
        }
    )


@pytest.mark.parametrize(
    "page",
    [
        "guides/guide/add/",
        "guides/operator/add/",
        "guides/region/add/",
        "guides/channel/add/",
        "guides/safetynote/add/",
        "guides/officialcontact/add/",
        "guides/authority/add/",
        "guides/paymentprovider/add/",
        "guides/scamentry/add/",
    ],
)
def test_the_chinese_admin_has_no_english_text(chinese_editor, page):
    html = chinese_editor.get(ADMIN + page).content.decode()
    assert 'lang="zh-hans"' in html
    assert english_texts(html) == []


def test_feedback_rows_link_to_their_guide(editor_client, make_guide):
    guide = make_guide()
    guide.feedback.create(kind=Feedback.Kind.OUTDATED, message="menu moved")
    html = editor_client.get(f"{ADMIN}guides/feedback/").content.decode()
    assert f'href="/{settings.ADMIN_PATH}guides/guide/{guide.pk}/change/"' in html


def test_a_one_line_step_gets_a_short_box(editor_client, make_guide):
    guide = make_guide(steps=1)
    html = editor_client.get(f"{ADMIN}guides/guide/{guide.pk}/change/").content.decode()
    boxes = re.findall(r'<textarea name="steps-0-text_zh_hans"[^>]*>', html)
    assert boxes and 'rows="2"' in boxes[0]


def test_compare_with_published_sees_no_change_in_text_as_a_browser_sends_it(
    editor_client, make_guide
):
    """Browsers send a textarea's line breaks as CRLF; the stored text has LF. Same text."""
    guide = make_guide(body_zh_hans="第一行\n第二行", body_en="Line one\nLine two", summary_en=None)
    data = guide_change_data(guide)
    data["body_zh_hans"] = "第一行\r\n第二行"
    data["body_en"] = "Line one\r\nLine two"
    response = editor_client.post(f"{ADMIN}guides/guide/{guide.pk}/compare-with-published/", data)
    assert response.context["changes"] == []
