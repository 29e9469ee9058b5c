"""What the guide list offers around a search, so that no search is a dead end: the number
checker's verdict on a number in the query, a corrected spelling, the query's words one by one,
the operators, and the tasks readers come with.

Everything here reads what is already cached (the vocabulary, the synonyms, the checker's
records): a search page with suggestions costs no more queries than one without.
"""

import difflib
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..caching.content import cached_for_content
from ..checker.lookup import check_number
from ..models import Guide, SafetyNote, SearchSynonym, search_plan
from . import reading

# The tasks readers come with, on the home page and under a search that found nothing. A task
# is a page that answers it, or a search in the reader's own words (the editors' synonyms make
# it find its guides) where the answer is a set of guides.
READER_TASKS = (
    ("didnt-arrive", _("My top-up didn’t arrive"), "guides:not_arrived", None),
    ("suspicious", _("I got a suspicious message or call"), "guides:number_check", None),
    ("abroad", _("I’m abroad"), "search", "abroad"),
    ("keep-number", _("Keep my number"), "guides:keep_your_number", None),
)
TASK_QUERIES = {
    # Translators: what a reader would type into search, not a label: the words readers use.
    "abroad": _("abroad"),
}
SPELLING_CUTOFF = 0.75
MIN_SPELLING_LENGTH = 4
# How many safety notes lead a search for scam or registration words.
SAFETY_LEADS = 3


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
    vocabulary = search_plan.vocabulary()
    known = set(search_plan.thesaurus().entries)
    for documents in (vocabulary["operator"], vocabulary["channel"], vocabulary["region"]):
        for text in documents.values():
            known.update(word for word in text.split() if len(word) >= MIN_SPELLING_LENGTH)
    return sorted(known)


def corrected(text):
    """`text` with each unknown Latin word replaced by the closest known one, or "" if none."""
    known = known_words()
    words = reading.normalise(text).split(" ")
    changed = False
    for index, word in enumerate(words):
        if len(word) < MIN_SPELLING_LENGTH or not word.isascii() or word in known:
            continue
        close = difflib.get_close_matches(word, known, n=1, cutoff=SPELLING_CUTOFF)
        if close:
            words[index] = close[0]
            changed = True
    return " ".join(words) if changed else ""


class SafetyLead(NamedTuple):
    """A safety note as a search for its words shows it: a link to it on the safety page."""

    slug: str
    titles: dict  # language -> title
    operators: frozenset
    title_document: str
    document: str

    @property
    def title(self):
        return self.titles.get(get_language()) or self.titles["en"]

    @property
    def url(self):
        return f"{reverse('guides:safety')}#{self.slug}"


def load_safety_leads():
    notes = (
        SafetyNote.objects.active()
        .prefetch_related("operators")
        .order_by("topic_order", "order", "pk")
    )
    return tuple(
        SafetyLead(
            note.slug,
            {"zh-hans": note.title_zh_hans, "en": note.title_en},
            frozenset(operator.pk for operator in note.operators.all()),
            reading.document(note.title_zh_hans, note.title_en),
            reading.document(note.title_zh_hans, note.title_en, note.body_zh_hans, note.body_en),
        )
        for note in notes
    )


def safety_leads(plan):
    """The safety notes that answer a search for scam or registration words (`SearchPlan.
    safety_terms`), best first: those about an operator the search names, then those with the
    most of its words in their title, then in their text; in the safety page's order."""
    patterns = [pattern for term in plan.safety_terms for pattern in term.text_patterns]
    if not patterns:
        return []
    named = plan.named_operators
    scored = []
    for order, note in enumerate(cached_for_content("search-safety-leads", load_safety_leads)):
        in_text = sum(pattern in note.document for pattern in patterns)
        if in_text:
            in_title = sum(pattern in note.title_document for pattern in patterns)
            scored.append((not note.operators & named, -in_title, -in_text, order, note))
    return [note for *_key, note in sorted(scored)[:SAFETY_LEADS]]


class GuideLead(NamedTuple):
    """A guide the editors chose to answer a search first (`SearchSynonym.leads_to`)."""

    slug: str
    operator: int
    titles: dict  # language -> title
    summaries: dict  # language -> summary

    @property
    def title(self):
        return self.titles.get(get_language()) or self.titles["zh-hans"]

    @property
    def summary(self):
        return self.summaries.get(get_language()) or self.summaries["zh-hans"]

    @property
    def url(self):
        return reverse("guides:guide_detail", kwargs={"slug": self.slug})


def load_guide_leads():
    """Each synonym's term whose answer-first guide readers may see, with that guide."""
    public = Guide.objects.public().filter(pk=models.OuterRef("leads_to"))
    synonyms = (
        SearchSynonym.objects.filter(models.Exists(public))
        .select_related("leads_to")
        .order_by("term")
    )
    return {
        synonym.term: GuideLead(
            guide.slug,
            guide.operator_id,
            {"zh-hans": guide.title_zh_hans, "en": guide.title_en},
            {"zh-hans": guide.summary_zh_hans, "en": guide.summary_en},
        )
        for synonym in synonyms
        for guide in [synonym.leads_to]
    }


def guide_leads(plan):
    """The guides that answer the search `plan` first, in the order of the terms that chose
    them: a synonym's answer-first guide, unless the search names operators and not that
    guide's (for "中国移动 境外" Smart's guide would be no answer)."""
    leads = cached_for_content("search-guide-leads", load_guide_leads)
    if not leads:
        return []
    named = plan.named_operators
    chosen = [leads[term.text] for term in plan.terms if term.synonym and term.text in leads]
    kept = {}
    for lead in chosen:
        if not named or lead.operator in named:
            kept.setdefault(lead.slug, lead)
    return list(kept.values())


@dataclass
class SearchHelp:
    """What to show around the results of the search `text`."""

    text: str
    found_nothing: bool = False
    only_some_words: bool = False
    number: str = ""
    verdict: object = None
    spelling: str = ""
    term_searches: list = field(default_factory=list)
    safety: list = field(default_factory=list)
    leads: list = field(default_factory=list)
    place_word: str = ""

    @classmethod
    def of(cls, filters):
        """For a guide list's `filters` (a GuideFilter whose options are counted)."""
        help = cls(filters.q, found_nothing=filters.total() == 0, only_some_words=filters.partial)
        help.number = reading.number_in(filters.q)
        if help.number:
            help.verdict = check_number(help.number)
        help.safety = safety_leads(filters.search_plan)
        if not filters.has_chosen_options:
            # A filter the reader chose says what they want more plainly than the editors can.
            help.leads = guide_leads(filters.search_plan)
        help.place_word = filters.search_plan.place_word
        if filters.missed:
            help.spelling = corrected(filters.q)
            terms = filters.search_plan.required_terms
            if len(terms) > 1:
                help.term_searches = [(term.text, search_url(term.text)) for term in terms]
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
