from urllib.parse import urlsplit

from django import template

from guides.markup import render_inline_markdown, render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Editor Markdown as sanitized HTML (see guides.markup)."""
    return render_markdown(text)


@register.filter
def markdown_inline(text):
    return render_inline_markdown(text)


@register.filter
def web_url(value):
    """`value` if it is an http(s) link, else empty: never a `javascript:` or `data:` href.

    The admin accepts only http and https (guides.fields.WebURLField); this holds even for a
    value that reached the database another way, such as a bulk import or a shell session.
    """
    value = str(value or "").strip()
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:
        return ""
    return value if scheme in ("http", "https") else ""
