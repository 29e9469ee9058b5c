"""Editor text: a small subset of Markdown, rendered to sanitized HTML.

Markdown turns the editor's text into HTML; nh3 (the Rust `ammonia` sanitizer) then keeps only
the tags, attributes and link schemes listed here, so no script, event handler or `javascript:`
link can reach a reader, whatever an editor (or someone with a stolen password) types.

Formatting must not take a page down. Python-Markdown's own link patterns are quadratic: for
every `[` they count brackets forward to its `]`, to the end of the text when there is none, so
16,000 `[` took 30 seconds. Links are matched here by bounded regular expressions instead. Every
field is bounded in length (`MAX_LENGTH`), checked for formatting time when an editor saves it,
and a page has a time budget for the text it formats (`PageBudget`).
"""

import re
import time
from contextvars import ContextVar
from xml.etree.ElementTree import Element

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

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

# The most characters a Markdown field holds (a guide step: 2,000, GuideStep.text's max_length).
# The slowest text of this length known (`<a <a <a …`, whose HTML parsing is quadratic) takes
# about 0.2 s; brackets and links take a few milliseconds.
MAX_LENGTH = 5_000
# What formatting one field may take when an editor saves it, and all of a page's fields.
FIELD_BUDGET_SECONDS = 0.5
PAGE_BUDGET_SECONDS = 1.0

# A link's text has no brackets in it, its address at most one level of parentheses (as in
# `https://en.wikipedia.org/wiki/Top-up_(finance)`), and every part is bounded: a failed match
# stops at the next bracket, so a text of brackets is read in one pass.
LINK_TEXT = r"\[(?P<text>[^\[\]]{0,1000})\]"
LINK_DESTINATION = (
    r"\(\s*(?P<href><[^<>\n]{0,2000}>|(?:[^\s()]|\([^\s()]{0,2000}\)){0,2000})"
    r"(?:\s+(?P<title>\"[^\"]{0,500}\"|'[^']{0,500}'))?\s*\)"
)
INLINE_LINK_RE = r"(?<!!)" + LINK_TEXT + LINK_DESTINATION
# `[text][id]` and `[text][]`, and the short `[id]`, with `[id]: https://…` defined in the text.
REFERENCE_LINK_RE = r"(?<!!)" + LINK_TEXT + r"\s?\[(?P<id>[^\[\]]{0,1000})\]"
SHORT_REFERENCE_RE = r"(?<!!)" + LINK_TEXT
# Images are not in the allowed subset (the sanitizer would drop them anyway): dropped here.
IMAGE_RE = r"!" + LINK_TEXT + r"(?:" + LINK_DESTINATION + r"|\s?\[[^\[\]]{0,1000}\])?"
WHITESPACE = re.compile(r"\s+")


def link(text, href, title=None):
    element = Element("a")
    element.text = text
    element.set("href", href)
    if title:
        element.set("title", title)
    return element


class InlineLink(InlineProcessor):
    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, m, data):
        href = m["href"]
        if href.startswith("<"):
            href = href[1:-1]
        title = m["title"] and WHITESPACE.sub(" ", self.unescape(m["title"][1:-1]))
        return link(m["text"], self.unescape(href).strip(), title), m.start(0), m.end(0)


class ReferenceLink(InlineProcessor):
    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, m, data):
        reference = WHITESPACE.sub(" ", (m.groupdict().get("id") or m["text"]).lower())
        if reference not in self.md.references:
            return None, None, None
        href, title = self.md.references[reference]
        return link(m["text"], href, title), m.start(0), m.end(0)


class DroppedImage(InlineProcessor):
    def handleMatch(self, m, data):
        return "", m.start(0), m.end(0)


class BoundedLinks(Extension):
    """Python-Markdown's link, reference and image patterns replaced by bounded ones."""

    def extendMarkdown(self, md):
        for name in (
            "reference",
            "link",
            "image_link",
            "image_reference",
            "short_reference",
            "short_image_ref",
        ):
            md.inlinePatterns.deregister(name)
        # The names and priorities of the patterns they replace.
        md.inlinePatterns.register(ReferenceLink(REFERENCE_LINK_RE, md), "reference", 170)
        md.inlinePatterns.register(InlineLink(INLINE_LINK_RE, md), "link", 160)
        md.inlinePatterns.register(DroppedImage(IMAGE_RE, md), "image_link", 150)
        md.inlinePatterns.register(ReferenceLink(SHORT_REFERENCE_RE, md), "short_reference", 130)


def plain_text(text):
    """Text as escaped paragraphs: what a reader sees of text that cannot be formatted in time."""
    return linebreaks(escape(text))


def to_html(text):
    """Editor Markdown as sanitized HTML, however long it takes (bounded by MAX_LENGTH)."""
    if len(text) > MAX_LENGTH:
        # Only text that reached the database without the editor's form (an import, a shell).
        return plain_text(text)
    try:
        html = markdown.markdown(
            text, extensions=["sane_lists", BoundedLinks()], output_format="html"
        )
    except RecursionError:
        # Lists or quotes nested thousands deep (`- - - - …`): Python-Markdown parses nesting
        # by recursion. Shown as the text it is rather than a server error.
        return plain_text(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# Texts this process has formatted, so that the pages that show them again (every guide shows
# the same safety notes) do not format them again. Emptied when full: simpler than an LRU, and
# refilled by the next few pages.
_formatted = {}
FORMATTED_ENTRIES = 4096


class PageBudget:
    """How long one page may spend formatting text this process has not formatted yet. Past
    it, the rest of the page's editor text is shown as plain text, and the page is not stored
    in the page cache (the next request formats it again, from where this one stopped)."""

    def __init__(self, seconds, clock=time.monotonic):
        self.clock = clock
        self.deadline = clock() + seconds
        self.ran_out = False

    def left(self):
        return self.clock() < self.deadline


_page_budget = ContextVar("markdown_page_budget", default=None)


class MarkdownBudgetMiddleware:
    """Gives every request a PageBudget of PAGE_BUDGET_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        budget = PageBudget(PAGE_BUDGET_SECONDS)
        token = _page_budget.set(budget)
        try:
            response = self.get_response(request)
        finally:
            _page_budget.reset(token)
        if budget.ran_out:
            response.public_page = False
        return response


def render_markdown(text):
    """Return editor Markdown as HTML that is safe to insert into a page."""
    if not text:
        return ""
    html = _formatted.get(text)
    if html is None:
        budget = _page_budget.get()
        if budget is not None and not budget.left():
            budget.ran_out = True
            return mark_safe(plain_text(text))  # noqa: S308 - escaped
        html = to_html(text)
        if len(_formatted) >= FORMATTED_ENTRIES:
            _formatted.clear()
        _formatted[text] = html
    return mark_safe(html)  # noqa: S308 - sanitized by nh3


def render_inline_markdown(text):
    """Like `render_markdown` for one short line: no surrounding paragraph."""
    html = str(render_markdown(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)  # noqa: S308 - sanitized by nh3 above


def validate_markdown(text):
    """Refuse, on save, editor text that takes too long to format (a model field validator)."""
    started = time.perf_counter()
    to_html(text)
    if time.perf_counter() - started > FIELD_BUDGET_SECONDS:
        raise ValidationError(
            _("This text takes too long to format. Use fewer brackets, links or nested lists."),
            code="slow_markdown",
        )


def markdown_validators(max_length=MAX_LENGTH):
    """The validators of every Markdown field: its length, and its formatting time."""
    return [MaxLengthValidator(max_length), validate_markdown]
