"""What the guide list offers around a search, so that no search is a dead end: the number
checker's verdict on a number in the query, a corrected spelling, the query's words one by one,
the operators, and the tasks readers come with.

Everything here reads what is already cached (the vocabulary, the synonyms, the checker's
records): a search page with suggestions costs no more queries than one without.
"""

import difflib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import search
from .checker import check_number
from .models.search import thesaurus, vocabulary

# The tasks readers come with, on the home page and under a search that found nothing. A task
# is a search in the reader's own words (the editors' synonyms make it find its guides) or a
# page that answers it.
READER_TASKS = (
    ("didnt-arrive", _("My top-up didn’t arrive"), "search", "didn't arrive"),
    ("suspicious", _("I got a suspicious message or call"), "guides:number_check", None),
    ("abroad", _("I’m abroad"), "search", "abroad"),
    ("keep-number", _("Keep my number"), "search", "keep my number"),
)
TASK_QUERIES = {
    # Translators: what a reader would type into search, not a label: the words readers use.
    "didn't arrive": _("didn't arrive"),
    # Translators: what a reader would type into search, not a label.
    "abroad": _("abroad"),
    # Translators: what a reader would type into search, not a label.
    "keep my number": _("keep my number"),
}
SPELLING_CUTOFF = 0.75
MIN_SPELLING_LENGTH = 4


@dataclass
class Task:
    key: str
    label: str
    url: str


def reader_tasks():
    tasks = []
    for key, label, target, query in READER_TASKS:
        url = search_url(str(TASK_QUERIES[query])) if target == "search" else reverse(target)
        tasks.append(Task(key, label, url))
    return tasks


def search_url(text):
    return reverse("guides:guide_list") + "?" + urlencode({"q": text})


def known_words():
    """Words a reader may have meant: operators', channels' and regions' names, synonyms."""
    words = vocabulary()
    known = set(thesaurus().entries)
    for documents in (words["operator"], words["channel"], words["region"]):
        for text in documents.values():
            known.update(word for word in text.split() if len(word) >= MIN_SPELLING_LENGTH)
    return sorted(known)


def corrected(text):
    """`text` with each unknown Latin word replaced by the closest known one, or "" if none."""
    known = known_words()
    words = search.normalise(text).split(" ")
    changed = False
    for index, word in enumerate(words):
        if len(word) < MIN_SPELLING_LENGTH or not word.isascii() or word in known:
            continue
        close = difflib.get_close_matches(word, known, n=1, cutoff=SPELLING_CUTOFF)
        if close:
            words[index] = close[0]
            changed = True
    return " ".join(words) if changed else ""


@dataclass
class SearchHelp:
    """What to show around the results of the search `text`."""

    text: str
    found_nothing: bool = False
    only_some_words: bool = False
    number: str = ""
    verdict: object = None
    spelling: str = ""
    words: list = field(default_factory=list)

    @classmethod
    def of(cls, filters):
        """For a guide list's `filters` (a GuideFilter whose options are counted)."""
        help = cls(filters.q, found_nothing=filters.total() == 0, only_some_words=filters.partial)
        help.number = search.number_in(filters.q)
        if help.number:
            help.verdict = check_number(help.number)
        if filters.missed:
            help.spelling = corrected(filters.q)
            terms = filters.search_plan.narrowing
            if len(terms) > 1:
                help.words = [(term.text, search_url(term.text)) for term in terms]
        return help

    @property
    def spelling_url(self):
        return search_url(self.spelling)

    @property
    def checker_url(self):
        return reverse("guides:number_check") + "?" + urlencode({"number": self.number})

    @property
    def is_private(self):
        """A query with a number may be the reader's own: its page is neither cached nor sent
        on as a Referer, like the number checker's."""
        return bool(self.number)

    def tasks(self):
        return reader_tasks()
