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
