"""Editor Markdown is rendered to HTML that can never carry active content."""

import sys

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from guides import markup
from guides.markup import MAX_LENGTH, render_markdown

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<a href="#" onclick="alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    '<iframe src="https://evil.example"></iframe>',
    "<svg/onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<a href='jav&#x09;ascript:alert(1)'>x</a>",
    "<<script>script>alert(1)<</script>/script>",
    "<p <script>alert(1)</script>",
    '<form action="https://evil.example"><input name=x></form>',
    "![x](https://evil.example/pixel.png)",
    '<object data="javascript:alert(1)"></object>',
    "<style>body{display:none}</style>",
]
FORBIDDEN = [
    "<script",
    "onerror",
    "onclick",
    "onload",
    "javascript:",
    "vbscript:",
    "data:",
    "<iframe",
    "<svg",
    "style=",
    "<form",
    "<input",
    "<img",
    "<object",
    "<style",
]


@pytest.mark.parametrize("text", XSS_VECTORS)
def test_markdown_strips_active_content(text):
    html = str(render_markdown(text)).lower()
    for needle in FORBIDDEN:
        assert needle not in html


def test_markdown_keeps_the_safe_subset():
    html = render_markdown(
        "**Check** the *number*.\n\n1. Open the app\n2. Pay\n\n"
        "[Official page](https://www.10086.cn/)"
    )
    assert "<strong>Check</strong>" in html
    assert "<em>number</em>" in html
    assert "<ol>" in html and "<li>Open the app</li>" in html
    assert 'href="https://www.10086.cn/"' in html
    assert 'rel="noopener noreferrer"' in html


def test_markdown_of_empty_text_is_empty():
    assert render_markdown("") == ""


# Formatting time: Python-Markdown's link patterns counted brackets forward from every `[`, so a
# text of brackets took time in the square of its length (16,000 `[`: 30 seconds a page).


def formatting_work(text):
    """How many lines of Python-Markdown and of guides.markup formatting `text` runs: a measure
    of work that, unlike time, is the same on every machine and every run."""
    lines = 0

    def trace(frame, event, arg):
        nonlocal lines
        if event == "line":
            lines += 1
        return trace

    def start(frame, event, arg):
        name = frame.f_code.co_filename
        if "markdown" in name or name.endswith("markup.py"):
            return trace
        return None

    sys.settrace(start)
    try:
        render_markdown(text + f"\n\n{len(text)}")  # never formatted before by this process
    finally:
        sys.settrace(None)
    return lines


PATHOLOGICAL = ["[", "![", "[a](", "](", "[\n", "[]", "[a][", "(", "[a](<", "[[]"]


@pytest.mark.parametrize("unit", PATHOLOGICAL)
def test_formatting_work_grows_in_proportion_to_the_text(unit):
    small, large = formatting_work(unit * 100), formatting_work(unit * 400)
    # Four times the text: four times the work, give or take; quadratic work would be 16 times.
    assert large < 6 * small, (small, large)


# What formatting one field may cost, in lines of Python run (see formatting_work): about twice
# the most any field known runs, 5,000 characters of `=` lines (some 480,000). nh3's HTML
# parsing, in Rust, is not counted: guides.markup's time budgets bound it (tested with both).
FIELD_WORK_BUDGET = 1_000_000


@pytest.mark.parametrize("unit", [*PATHOLOGICAL, "<a ", "=\n", "-\n", "> ", "1. ", "*a", "`a"])
def test_the_longest_field_formats_well_within_the_work_budget(unit):
    # Short of the longest by the few characters formatting_work adds.
    text = (unit * MAX_LENGTH)[: MAX_LENGTH - 10]
    assert formatting_work(text) < FIELD_WORK_BUDGET


@pytest.mark.parametrize("unit", ["- ", "> ", "1. "])
def test_nesting_too_deep_to_parse_is_shown_as_text(unit):
    html = str(render_markdown(unit * 2500 + "x"))
    assert html.startswith("<p>") and html.rstrip().endswith("x</p>")


def test_text_longer_than_a_field_holds_is_shown_as_escaped_text():
    html = str(render_markdown("[" * (MAX_LENGTH + 1) + "<b>"))
    assert html.startswith("<p>[[[") and "&lt;b&gt;" in html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[Official](https://www.10086.cn/)", '<a href="https://www.10086.cn/"'),
        (
            "[Wiki](https://en.wikipedia.org/wiki/X_(y))",
            'href="https://en.wikipedia.org/wiki/X_(y)"',
        ),
        ('[App](https://a.example/ "The app")', 'title="The app"'),
        ("[App](<https://a.example/x y>)", 'href="https://a.example/x y"'),
        ("[Hotline][1]\n\n[1]: tel:10086", 'href="tel:10086"'),
        ("[hotline]\n\n[Hotline]: tel:10086", 'href="tel:10086"'),
        ("**[bold link](https://a.example/)**", '<strong><a href="https://a.example/"'),
        # Brackets inside a link's text are not supported: shown as typed.
        ("[a [nested] text](https://a.example/)", "<p>[a [nested] text](https://a.example/)</p>"),
        ("see ![logo](https://a.example/x.png) here", "<p>see  here</p>"),
        ("[not a link] and [a](b", "<p>[not a link] and [a](b</p>"),
    ],
)
def test_links_keep_working(text, expected):
    assert expected in str(render_markdown(text))


def test_a_page_past_its_formatting_budget_shows_plain_text_and_is_not_stored(
    client, make_guide, monkeypatch
):
    guide = make_guide(body_en="**Keep the receipt** of budget test")
    monkeypatch.setattr(markup, "PAGE_BUDGET_SECONDS", -1)
    response = client.get(f"/en/guides/{guide.slug}/")
    assert response.status_code == 200
    assert "**Keep the receipt** of budget test" in response.content.decode()
    assert "X-Cache" not in response
    monkeypatch.undo()
    response = client.get(f"/en/guides/{guide.slug}/")
    assert "<strong>Keep the receipt</strong> of budget test" in response.content.decode()
    assert response["X-Cache"] == "miss"


# Saving: every Markdown field is bounded in length, and in formatting time.

MARKDOWN_FIELDS = [
    ("guide", "body_en", MAX_LENGTH),
    ("guide", "body_zh_hans", MAX_LENGTH),
    ("step", "text_en", 2000),
    ("note", "body_zh_hans", MAX_LENGTH),
    ("region", "anti_fraud_contact_en", MAX_LENGTH),
    ("channel", "description_zh_hans", MAX_LENGTH),
]


@pytest.fixture
def content(make_guide, make_note):
    guide = make_guide()
    return {
        "guide": guide,
        "step": guide.steps.first(),
        "note": make_note(),
        "region": guide.operator.region,
        "channel": guide.channel,
    }


@pytest.mark.parametrize(("model", "field", "limit"), MARKDOWN_FIELDS)
def test_every_markdown_field_is_bounded_in_length(content, model, field, limit):
    instance = content[model]
    setattr(instance, field, "a" * limit)
    instance.full_clean()
    setattr(instance, field, "a" * (limit + 1))
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    assert field in error.value.message_dict


@pytest.mark.parametrize(("model", "field", "limit"), MARKDOWN_FIELDS)
def test_every_markdown_field_is_checked_for_formatting_time(
    content, monkeypatch, model, field, limit
):
    monkeypatch.setattr(markup, "FIELD_BUDGET_SECONDS", -1)
    instance = content[model]
    setattr(instance, field, "[" * 100)
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    assert [e.code for e in error.value.error_dict[field]] == ["slow_markdown"]


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Ensure this value has at most 5000 characters"), ("zh-hans", "确保该变量包含不超过")],
)
def test_the_editor_is_told_on_save_in_their_language(editor_client, content, language, message):
    channel = content["channel"]
    response = editor_client.post(
        f"/admin/guides/channel/{channel.pk}/change/",
        {
            "slug": channel.slug,
            "kind": channel.kind,
            "name_zh_hans": channel.name_zh_hans,
            "name_en": channel.name_en,
            "description_zh_hans": "[" * (MAX_LENGTH + 1),
            "description_en": "",
            "order": "0",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    channel.refresh_from_db()
    assert not channel.description_zh_hans


def test_the_formatting_time_error_is_translated(monkeypatch):
    monkeypatch.setattr(markup, "FIELD_BUDGET_SECONDS", -1)
    for language, text in [("en", "takes too long to format"), ("zh-hans", "排版耗时过长")]:
        with translation.override(language):
            with pytest.raises(ValidationError) as error:
                markup.validate_markdown("[")
            assert text in error.value.messages[0]
