"""The site's WSGI application, with every request rendered as the first after a content change.

`make bench` and `make callgrind` serve this for their "first render" rows. Before each request
it forgets everything a process keeps between requests about content (`process_memos`) and bumps
the content version, so the page cache misses and the shared reads are loaded from the database
again, as on the first request after an editor saves. What stays is what a content change does
not touch: Django's compiled templates, URL patterns and translations, the database connection
(and on PostgreSQL its prepared statements).

In production a change makes only the changed text's memos miss (a Markdown memo is keyed by the
text); forgetting all of them gives the worst case, every fragment built afresh.
"""

from site_config.wsgi import application as site  # first: this sets Django up

# isort: split
from guides import markup
from guides.caching import content
from guides.search import reading, snapshot
from guides.templatetags import guides_tags
from guides.values import contacts


def process_memos():
    """Every per-process memo of content: what `forget_process_memos` clears. A test checks that
    this names each memo in `guides`, so a new one cannot be left warm here by mistake."""
    return (
        markup._formatted,
        contacts.dial_key,
        contacts.dial_keys,
        guides_tags._safety_note_html,
        guides_tags._contact_row_html,
        guides_tags._guide_card_html,
        guides_tags._checkbox_html,
        content.local_values,
        snapshot.snapshots,
    )


def kept_memos():
    """Per-process memos that a content change does not touch, so a first render keeps them too:
    jieba's dictionary (loaded once by each worker before it serves, see gunicorn.conf.py)."""
    return (reading.jieba_tokenizer,)


def forget_process_memos():
    for memo in process_memos():
        if isinstance(memo, content.LocalValues | dict):
            memo.clear()
        else:
            memo.cache_clear()


def application(environ, start_response):
    forget_process_memos()
    content.bump_content_version()
    return site(environ, start_response)
