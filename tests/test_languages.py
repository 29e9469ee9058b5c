"""Which language a reader arriving at `/` gets: English for any browser whose first language
is not Chinese, the (Simplified) Chinese site for any Chinese."""

import pytest


@pytest.mark.parametrize(
    ("accept", "prefix"),
    [
        ("fil-PH", "/en/"),
        ("tl", "/en/"),
        ("fil-PH,zh;q=0.5", "/en/"),
        ("en-US,en;q=0.9", "/en/"),
        ("zh-TW", "/zh-hans/"),
        ("zh-HK,zh;q=0.8", "/zh-hans/"),
        ("zh-CN", "/zh-hans/"),
        ("", "/zh-hans/"),
    ],
)
def test_the_home_address_sends_each_browser_to_the_language_it_reads(client, db, accept, prefix):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == prefix


def test_the_language_cookie_wins_over_the_browser(client, db, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fil-PH")["Location"] == "/zh-hans/"


def test_the_chinese_site_says_it_is_simplified(client, db):
    page = client.get("/zh-hans/").content.decode()
    assert "本站中文为简体中文" in page
    assert "Simplified Chinese" not in client.get("/en/").content.decode()
