from functools import lru_cache
from urllib.parse import urlsplit

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from guides.markup import render_inline_markdown, render_markdown
from guides.models import SafetyNote, SourcedContact, SourceKind

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

    The admin accepts only http and https (guides.models.fields.WebURLField); this holds even for a
    value that reached the database another way, such as a bulk import or a shell session.
    """
    value = str(value or "").strip()
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:
        return ""
    return value if scheme in ("http", "https") else ""


# The fragments below repeat on many pages (every safety note, contact and filter option), so they
# are built here with format_html rather than with {% include %}, which costs a template render
# per use; each fragment is also kept, per process, by the values it is built from.
# Each escapes every value; the note body is sanitized Markdown (guides.markup).


@register.simple_tag
def safety_note(note, level=3):
    """A safety note: its severity in words (not only colour), title and body."""
    # The body is formatted here, outside the kept HTML: a page past its formatting budget
    # shows it as plain text (guides.markup), and that must not be kept for later pages.
    return _safety_note_html(
        get_language(), note.slug, note.severity, note.title, render_markdown(note.body), int(level)
    )


@lru_cache(maxsize=1024)
def _safety_note_html(language, slug, severity, title, body, level):
    """The note's HTML, which depends only on these arguments: every guide page shows the same
    few notes, so each is built once per process and language rather than on every render."""
    label = SafetyNote.Severity(severity).label
    return format_html(
        '<section class="note note--{severity_class}" id="{slug}" '
        'aria-labelledby="note-{slug}-title">'
        '<h{level} class="note__title" id="note-{slug}-title">'
        '<span class="note__severity">{severity}</span> {title}</h{level}>'
        '<div class="note__body">{body}</div></section>',
        severity_class=severity,
        slug=slug,
        level=level,
        severity=gettext("%(severity)s:") % {"severity": label},
        title=title,
        body=body,
    )


@register.filter
def by_source(contacts):
    """`contacts` as (officially sourced, secondary), so that a table headed "official"
    lists only official ones."""
    official = [contact for contact in contacts if contact.is_officially_sourced]
    return official, [contact for contact in contacts if not contact.is_officially_sourced]


@register.simple_tag
def contact_row(contact):
    """One row of a contact table: what it is, the contact, its use, and its source with how
    strong that source is."""
    return _contact_row_html(
        get_language(),
        contact.kind,
        contact.display_value,
        contact.href,
        contact.purpose,
        web_url(contact.source_url),
        contact.source_kind,
        contact.source_year,
        contact.verified_on,
    )


def source_strength(source_kind, source_year):
    """How strong a source is, in the reader's words: only the first four kinds are official."""
    if source_kind == SourceKind.SECONDARY:
        if source_year:
            return gettext("secondary source (news or repost, %(year)s)") % {"year": source_year}
        return gettext("secondary source (news or repost)")
    return {
        SourceKind.OPERATOR: gettext("official: the operator's own page"),
        SourceKind.GOVERNMENT: gettext("official: a government or regulator's page"),
        SourceKind.PAYMENT_PROVIDER: gettext("official: the payment provider's own page"),
        SourceKind.INDUSTRY: gettext(
            "official: the page of the industry body that runs the scheme, not a regulator's"
        ),
    }.get(source_kind, "")


@lru_cache(maxsize=1024)
def _contact_row_html(
    language, kind, value, href, purpose, source_url, source_kind, source_year, verified_on
):
    """The row's HTML, which depends only on these arguments (see `_safety_note_html`)."""
    if href:
        shown_value = format_html('<a class="contacts__value" href="{}">{}</a>', href, value)
    else:
        shown_value = format_html('<span class="contacts__value">{}</span>', value)
    source = ""
    if source_url:
        source = format_html(
            '<a href="{}" rel="noopener noreferrer">{}</a> ', source_url, gettext("Source")
        )
    checked = gettext("checked %(date)s") % {"date": date_format(verified_on, "DATE_FORMAT")}
    return format_html(
        '<tr><td><span class="contacts__kind">{kind}</span> {value}</td><td>{purpose}</td>'
        '<td>{source}<span class="contacts__strength">{strength}</span> '
        '<span class="contacts__verified">{checked}</span></td></tr>',
        kind=SourcedContact.Kind(kind).label,
        value=shown_value,
        purpose=purpose,
        source=source,
        strength=source_strength(source_kind, source_year),
        checked=checked,
    )


@register.simple_tag
def source_note(record):
    """A record's source strength on its own, for verdicts and guide pages."""
    return source_strength(record.source_kind, record.source_year)


@register.simple_tag
def sentence_gap():
    """The space between two sentences set side by side: none in Chinese, whose full stop (。)
    carries its own room, so "在境外也能用。在境外拨…" has no gap after 。; one in English."""
    return "" if get_language().startswith("zh") else " "


@register.simple_tag
def guide_card(guide):
    """A guide's card in a list: its title, linked to the guide, its operator and channel, and
    its summary. A list page shows many."""
    return _guide_card_html(
        guide.get_absolute_url(),
        guide.title,
        guide.operator.display_name,
        guide.channel.name,
        guide.summary,
    )


@lru_cache(maxsize=4096)
def _guide_card_html(url, title, operator, channel, summary):
    """The card's HTML, which depends only on these arguments (see `_safety_note_html`)."""
    if summary:
        summary = format_html('<p class="card__summary">{}</p>', summary)
    return format_html(
        '<li class="card"><h3 class="card__title"><a href="{url}">{title}</a></h3>'
        '<p class="card__meta">{operator} · {channel}</p>{summary}</li>',
        url=url,
        title=title,
        operator=operator,
        channel=channel,
        summary=summary,
    )


@register.simple_tag
def filter_checkboxes(name, options):
    """A guide-list filter's options as labelled checkboxes with their guide counts, under a
    heading wherever the group changes (operators are grouped by region)."""
    parts = []
    group = ""
    for option in options:
        if option.group != group:
            group = option.group
            parts.append(format_html('<p class="filters__group">{}</p>', group))
        parts.append(_checkbox_html(name, option.slug, option.label, option.count, option.selected))
    return mark_safe("".join(parts))  # noqa: S308 - each part is built by format_html


@lru_cache(maxsize=4096)
def _checkbox_html(name, slug, label, count, selected):
    return format_html(
        '<div class="check"><input type="checkbox" id="filter-{name}-{slug}" name="{name}" '
        'value="{slug}"{checked}><label for="filter-{name}-{slug}">{label} '
        '<span class="count">({count})</span></label></div>',
        name=name,
        slug=slug,
        checked=mark_safe(" checked") if selected else "",  # noqa: S308 - a constant
        label=label,
        count=count,
    )
