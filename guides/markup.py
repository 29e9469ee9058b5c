"""Editor text: a small subset of Markdown, rendered to sanitized HTML.

Markdown turns the editor's text into HTML; nh3 (the Rust `ammonia` sanitizer) then keeps only
the tags, attributes and link schemes listed here, so no script, event handler or `javascript:`
link can reach a reader, whatever an editor (or someone with a stolen password) types.
"""

from functools import lru_cache

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "blockquote",
    "h3",
    "h4",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


@lru_cache(maxsize=4096)
def _render(text):
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text):
    """Return editor Markdown as HTML that is safe to insert into a page."""
    if not text:
        return ""
    return mark_safe(_render(text))  # noqa: S308 - sanitized by nh3 above


def render_inline_markdown(text):
    """Like `render_markdown` for one short line: no surrounding paragraph."""
    html = str(render_markdown(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)  # noqa: S308 - sanitized by nh3 above
