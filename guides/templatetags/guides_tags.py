from urllib.parse import urlsplit

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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


# The two fragments below repeat many times on a page (every safety note, every filter option),
# so they are built here with format_html rather than with {% include %}, which costs a template
# render per use. Both escape every value; the note body is sanitized Markdown (guides.markup).


@register.simple_tag
def safety_note(note, level=3):
    """A safety note: its severity in words (not only colour), title and body."""
    severity = gettext("%(severity)s:") % {"severity": note.get_severity_display()}
    return format_html(
        '<section class="note note--{severity_class}" id="{slug}" '
        'aria-labelledby="note-{slug}-title">'
        '<h{level} class="note__title" id="note-{slug}-title">'
        '<span class="note__severity">{severity}</span> {title}</h{level}>'
        '<div class="note__body">{body}</div></section>',
        severity_class=note.severity,
        slug=note.slug,
        level=int(level),
        severity=severity,
        title=note.title,
        body=render_markdown(note.body),
    )


@register.simple_tag
def filter_checkbox(name, option):
    """One option of a guide-list filter: a labelled checkbox with its guide count."""
    return format_html(
        '<div class="check"><input type="checkbox" id="filter-{name}-{slug}" name="{name}" '
        'value="{slug}"{checked}><label for="filter-{name}-{slug}">{label} '
        '<span class="count">({count})</span></label></div>',
        name=name,
        slug=option.slug,
        checked=mark_safe(" checked") if option.selected else "",  # noqa: S308 - a constant
        label=option.label,
        count=option.count,
    )
