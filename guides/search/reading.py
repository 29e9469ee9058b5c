"""How search reads text: the guides' stored search documents, and what a reader typed.

Both sides are reduced to the same words, which the database looks up in an index of each
guide's words (`SearchWord`), on SQLite and PostgreSQL alike (the same query gives the same
results and the same order on both):
- NFKC and lower case: full-width letters and digits (ＳＭＡＲＴ, １００８６) become plain ones;
- Latin letters and digits are split into whole words, with a light English stem (plural `s`),
  and matched as whole words: "smart" is a word of "smart s prepaid brand", never of "smartone";
- Chinese is kept in runs, as written, and found through its two-character pieces: a guide with
  "有效" and "效期" has "有效期" (`words_to_find`).

Chinese is written without spaces, so a query such as "给菲律宾号码充值" must be cut into words
before each can be looked for on its own. We cut the *query* with jieba (a maintained segmenter
with a dictionary of about 350,000 words), not the documents: a document keeps its Chinese in
two-character pieces, so a word the dictionary splits differently in a title ("充话费") is still
found through them. The alternative, character bigrams ("菲律宾" -> "菲律", "律宾"), was measured
on the public query set (`scripts/search_quality.py --compare`, 52 queries, demo content, on
2026-12-02): with the editors' synonyms both put an expected guide in the top 3 for every query,
but jieba answered 98% with guides that have every word against 92% for bigrams; without
synonyms, 83% in the top 3 for both, but 73% and 54% with every word. Bigrams turn the
reader's grammar into requirements no guide has ("怎么用" -> "怎么", "么用"), so more searches
fall back to "some of your words"; jieba keeps the reader's words whole, which is also what
the synonyms and the "search for one of your words" suggestions work with. PostgreSQL's own
parsers do not split Chinese at all, and segmenting extensions (zhparser, pg_jieba) do not
exist for SQLite, hence doing it here.

This module knows nothing of the database; `guides.models.search_plan` plans a parsed query
(`SearchPlan`), and `guides.search.engine` finds and ranks the guides. Editors' synonyms
(`SearchSynonym`) are applied before segmentation, so a term such as "smart卡" or "didn't
arrive" is read as one thing.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN = re.compile(rf"[a-z0-9]+|[{CJK}]+")
LATIN = re.compile(r"[a-z0-9]")
# A reader's query rarely has more words than this; more would only make the SQL longer.
MAX_TERMS = 8
# Grammar words that tell nothing about which guide is wanted. Domain words ("load", "充值")
# are not here: editors keep those as synonyms that do not narrow the search.
STOP_WORDS_TEXT = (
    "a am an and are at be been but by can did do does for from has have how i if in is it me "
    "my of on or so that the this to was were what when where which will with would you your "
    "的 了 吗 呢 我 我的 你 给 在 用 怎么 怎样 如何 怎么办 什么 哪里 可以 能 要 想 是 和 与 及 从 "
    "把 被 请问"
)
STOP_WORDS = frozenset(STOP_WORDS_TEXT.split())
# A phone number, short code or USSD code inside a query: "10086", "*143#", "+63 917 123 4567".
NUMBER = re.compile(r"[+*#]?\d[\d\s\-().*#]*\d#?|\*\d+#")
MIN_NUMBER_DIGITS = 3


def normalise(text):
    """NFKC, lower case, single spaces: the form in which queries are compared and counted."""
    return " ".join(unicodedata.normalize("NFKC", text or "").lower().split())


def stem(word):
    """A light English stem, the same for documents and queries: "cards" -> "card"."""
    if len(word) > 3 and word.isalpha() and not word.endswith(("ss", "us", "is")):
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith("s"):
            return word[:-1]
    return word


def tokens(text):
    return [stem(token) for token in TOKEN.findall(normalise(text))]


def bigrams(word):
    return [word[i : i + 2] for i in range(len(word) - 1)]


def document(*texts):
    """The stored search document of `texts`: tokens between single spaces, padded at both ends
    so that every Latin word can be looked for as " word ".

    After them come the two-character pieces of every longer Chinese run ("查看余额" gives
    "查看 看余 余额"): search looks Chinese up by these pieces (`search_words`,
    `words_to_find`).
    """
    words = tokens(" ".join(text or "" for text in texts))
    pieces = [
        piece
        for word in words
        if len(word) > 2 and not LATIN.match(word)
        for piece in bigrams(word)
    ]
    return f" {' '.join(words + pieces)} " if words else ""


# A title's document is cut to this many characters (its Chinese pieces double its length): the
# covering index the search snapshot reads holds it (`guide_search_ranking`), and PostgreSQL
# refuses an index row over 2,704 bytes. The whole title is still in the text, so the guide is
# still found.
MAX_TITLE_DOCUMENT_LENGTH = 800


def title_document(*titles):
    """The stored search document of a guide's titles (`document`), cut at a word's end to at
    most `MAX_TITLE_DOCUMENT_LENGTH` characters."""
    text = document(*titles)
    if len(text) <= MAX_TITLE_DOCUMENT_LENGTH:
        return text
    return text[:MAX_TITLE_DOCUMENT_LENGTH].rsplit(" ", 1)[0] + " "


# Longer "words" (a pasted address, a run of digits) are not kept as search words.
MAX_WORD_LENGTH = 50


def search_words(document):
    """The search words of a stored `document` (`SearchWord`, one row per guide and word): its
    Latin words, and its Chinese in two-character pieces (the document has them,
    see `document`). A longer Chinese word is found through its pieces (`words_to_find`), so the
    longer runs themselves are not kept; nor are grammar words."""
    return {word for word in document.split() if is_search_word(word)}


def is_search_word(word):
    """Whether `word` is kept as a search word: two characters or more (a lone letter, digit or
    Chinese character says too little), a Chinese one of exactly two, not a grammar word."""
    if word in STOP_WORDS or not 2 <= len(word) <= MAX_WORD_LENGTH:
        return False
    return bool(LATIN.match(word)) or len(word) == 2


def words_to_find(text_pattern):
    """The search words a guide must have for `text_pattern` to be found in its text: each Latin
    word, and each two-character piece of a longer Chinese word ("有效期": 有效, 效期). A guide
    with all of them counts as having the pattern, wherever they are in it. A lone letter or
    Chinese character in a phrase ("smart卡", "didn't") says too little, as in a query, and is
    left out.

    Empty for a pattern of such words only ("卡"), which is then looked for in the text itself
    (see `GuideSnapshot.guides_with_text` in guides/search/snapshot.py)."""
    found = []
    for token in text_pattern.split():
        found += bigrams(token) if len(token) > 2 and not LATIN.match(token) else [token]
    return tuple(dict.fromkeys(word for word in found if is_search_word(word)))


def text_pattern(phrase):
    """What to look for in a stored document to find `phrase`: its tokens as the document has them,
    with a space on each Latin end so that a Latin word matches only a whole word, and around
    a two-character Chinese word, which the document has as a token (see `document`)."""
    words = tokens(phrase)
    if not words:
        return ""
    if len(words) == 1 and len(words[0]) == 2 and not LATIN.match(words[0]):
        return f" {words[0]} "
    start = " " if LATIN.match(words[0]) else ""
    end = " " if LATIN.match(words[-1][-1]) else ""
    return f"{start}{' '.join(words)}{end}"


@dataclass(frozen=True)
class Term:
    """One thing a reader asked for, and the text patterns any of which answers it.

    A term that does not `narrow` (a word every guide is about, such as "充值" or "load", or a
    single Chinese character) never removes a guide from the results; it only ranks them.
    """

    text: str
    text_patterns: tuple
    narrows: bool = True
    synonym: bool = False
    kind: str = ""
    region: int | None = None

    @property
    def is_place_word(self):
        return self.kind == PLACE

    @property
    def is_about_safety(self):
        return self.kind == SAFETY


# The kinds of editors' synonyms (`SearchSynonym.kind`): words to look for instead; a place
# word, which says where the reader is (`where_the_reader_is` in guides/models/search_plan.py);
# words that lead to safety first.
WORDS = "words"
PLACE = "place"
SAFETY = "safety"


class Synonym(NamedTuple):
    """One editors' synonym as the thesaurus reads it; `meaning` is comma-separated phrases,
    `region` (an id) the region a place word names, None for "abroad"."""

    term: str
    meaning: str
    narrows: bool = True
    kind: str = WORDS
    region: int | None = None


class Entry(NamedTuple):
    text_patterns: tuple
    narrows: bool
    kind: str
    region: int | None


@dataclass(frozen=True)
class Thesaurus:
    """The editors' synonyms, ready to apply: each normalised term with its text patterns."""

    entries: dict  # term -> Entry
    finder: re.Pattern | None

    @classmethod
    def of(cls, synonyms):
        """`synonyms`: `Synonym`s, or tuples of their fields."""
        entries = {}
        for synonym in (Synonym(*row) for row in synonyms):
            term = normalise(synonym.term)
            phrases = [
                term,
                *(normalise(p) for p in re.split(r"[,，、;；\n]", synonym.meaning or "")),
            ]
            patterns = tuple(dict.fromkeys(p for p in map(text_pattern, phrases) if p))
            if term and patterns:
                entries[term] = Entry(patterns, synonym.narrows, synonym.kind, synonym.region)
        if not entries:
            return cls({}, None)
        # Longest first, so that "中国移动" is read before "移动"; a Latin end must be a word end.
        alternatives = [
            (r"(?<![a-z0-9])" if LATIN.match(term[0]) else "")
            + re.escape(term)
            + (r"(?![a-z0-9])" if LATIN.match(term[-1]) else "")
            for term in sorted(entries, key=len, reverse=True)
        ]
        return cls(entries, re.compile("|".join(alternatives)))


EMPTY_THESAURUS = Thesaurus({}, None)


@lru_cache(maxsize=1)
def jieba_tokenizer():
    """jieba's tokenizer, loaded on first use (about a second; gunicorn loads it in each worker
    before it serves, see gunicorn.conf.py)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt


def jieba_words(run):
    return [word for word in jieba_tokenizer().cut(run) if word.strip()]


def bigram_words(run):
    """The measured alternative to jieba (see the module docstring): overlapping bigrams."""
    return [run] if len(run) < 3 else bigrams(run)


def words_of(text, segment):
    """The words of `text` (no synonym in it): Latin words whole, Chinese runs segmented."""
    words = []
    for token in TOKEN.findall(text):
        words += segment(token) if not LATIN.match(token) else [token]
    return words


# How Chinese in queries is cut into words; scripts/search_quality.py swaps in `bigram_words`.
segmenter = jieba_words


def parse(text, thesaurus=EMPTY_THESAURUS, segment=None):
    """The terms of a reader's query, in the order typed, without repeats or grammar words."""
    segment = segment or segmenter
    text = normalise(text)
    terms = []
    position = 0
    matches = thesaurus.finder.finditer(text) if thesaurus.finder else ()
    pieces = []
    for match in matches:
        pieces.append(("text", text[position : match.start()]))
        pieces.append(("synonym", match.group()))
        position = match.end()
    pieces.append(("text", text[position:]))
    for kind, piece in pieces:
        if kind == "synonym":
            entry = thesaurus.entries[piece]
            terms.append(
                Term(piece, entry.text_patterns, entry.narrows, True, entry.kind, entry.region)
            )
            continue
        for word in words_of(piece, segment):
            if word in STOP_WORDS or not text_pattern(word):
                continue
            # A lone Chinese character or Latin letter says too little to exclude a guide.
            narrows = len(word) > 1
            terms.append(Term(word, (text_pattern(word),), narrows))
    unique = {}
    for term in terms:
        unique.setdefault(term.text_patterns, term)
    return list(unique.values())[:MAX_TERMS]


def number_in(text):
    """The phone number or code in a query, if it has one ("10086", "*143#"), else ""."""
    for match in NUMBER.finditer(unicodedata.normalize("NFKC", text or "")):
        found = match.group().strip()
        if sum(ch.isdigit() for ch in found) >= MIN_NUMBER_DIGITS:
            return found
    return ""


def may_name_a_person(text):
    """Whether a query might hold something about a person: a phone-length number (their own
    number?) or an e-mail address. Such a query is never counted as a missed search; short
    codes (10086, 95588) are not personal."""
    return "@" in text or re.search(r"\d{7,}", re.sub(r"[\s\-]", "", text)) is not None
