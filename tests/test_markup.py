"""Editor Markdown is rendered to HTML that can never carry active content."""

import pytest

from guides.markup import render_markdown

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
