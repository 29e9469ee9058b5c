"""What the logs leave out: the token of a share link (`/<language>/preview/<token>/`).

A share link's token is its only credential (`PreviewLink`), so anyone who can read a log
could open the draft it shows. The gunicorn access log (`AccessLogger`, set in gunicorn.conf.py)
and Django's own request log (`WithoutShareTokens`, set in LOGGING) write such a path as
`/<language>/preview/…/`. This module imports nothing of Django's models, so gunicorn's master
process can load it before Django is set up.
"""

import logging
import re
from urllib.parse import unquote

from gunicorn.glogging import Logger

# The share-link path (guides/urls.py: "preview/<str:token>/"), wherever it appears in a text.
SHARE_TOKEN = re.compile(r"(/preview/)[^/?#\s\"']+")
HIDDEN = r"\1…"


def without_share_tokens(text):
    """`text` with the token of every share-link path in it replaced by "…"."""
    return SHARE_TOKEN.sub(HIDDEN, text)


class AccessLogger(Logger):
    """gunicorn's logger, with share-link tokens left out of every field of the access log.

    The request line (`%(r)s`) is written from the decoded path, without the query string: the
    raw one may spell `/preview/` in percent-escapes.
    """

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = environ.get("PATH_INFO") or unquote(environ.get("RAW_URI", ""))
        atoms["r"] = f"{environ['REQUEST_METHOD']} {path} {environ['SERVER_PROTOCOL']}"
        return {
            name: without_share_tokens(value) if isinstance(value, str) else value
            for name, value in atoms.items()
        }


class WithoutShareTokens(logging.Filter):
    """A logging filter that takes share-link tokens out of a record's message and arguments
    (Django's "Not Found: /en/preview/<token>/")."""

    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = without_share_tokens(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                without_share_tokens(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True
