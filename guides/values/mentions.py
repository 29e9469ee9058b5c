"""The contacts a piece of published text names: the numbers, short codes, USSD codes, web
addresses and apps it tells readers to use.

Published text may name only contacts the number checker knows (`guides.models.named_contacts`,
asked by every model whose text readers see), so that the checker never calls a number of our
own pages a fake.

What counts, read from editor Markdown as a reader sees it:
- a number or code: three digits or more, with `+`, `*`, `#`, spaces, dashes and an area code in
  brackets where it is written so (`+86 138 0010 0186`, `*133#`, `(02) 8926 7722`, `2945 8888`);
  a `tel:` link's number too;
- a web address with a known ending (`smart.com.ph`, `https://www.10086.cn/…`), not the part of
  an e-mail address after the `@`;
- an app the records know by name (an app no record knows cannot be told from other words, so it
  is not guessed at).

What does not: a link's address (the sources a text cites are links; the link text is what a
reader reads), amounts (`HK$50`, `₱100`, `30 元`, `50 HKD`, `1,000`), durations and counts
(`120 days`, `15 分钟`, `900 多家`, `over 900 shops`, `14-digit`), percentages, decimals, dates
and years (`5 July 2018`, `2022 年`), a lone country code (`+852`), a merchant code or a law's
number (`merchant code 8121`, `RA 11934`), the text of a message to send (`"? 15001"`), and a
code pattern left open (`*100*1*…`).
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from publicsuffixlist import PublicSuffixList

from ..markup import INLINE_LINK_RE
from . import contacts

MIN_DIGITS = 3

LINK = re.compile(INLINE_LINK_RE)
REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*\S+.*$", re.MULTILINE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A quoted message to send ("? 15001", “RELOAD 1234…”): what to type, not where to send it.
QUOTED = re.compile(r"[\"“「『]([^\"“”「」『』\n]{1,80})[\"”」』]")

DIALLED = re.compile(
    r"(?<![\w$¥₱€£.,/\-+*#])(?<!\d:)"
    r"(?P<value>"
    r"\*[0-9*#]*[0-9][0-9*#]*"  # a USSD or star code: *123#, *888
    r"|(?:\+\d{1,3}[ \-]?|\(0\d{1,3}\)[ \-]?)?\d+(?:[ \-]\d{2,})*#?"
    r")"
    r"(?![\w.,]\d|\d|[\w%‰])"
)
WEB = re.compile(
    r"(?<![\w@.\-])(?P<value>(?:https?://)?(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+"
    r"[a-z]{2,63}(?:/[\w\-./%~?=&#]*[\w/])?)(?![\w@\-])",
    re.IGNORECASE,
)

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# Words right before a number that make it something other than a contact.
NOT_A_CONTACT_BEFORE = re.compile(
    r"(?:"
    r"(?:HK\$|US\$|\$|¥|₱|€|£|\b(?:RMB|CNY|HKD|PHP|USD|P))\s?"
    r"|\b(?:merchant code(?: is)?|RA|R\.A\.|PIN|no\.|version|over|more than|at least|at most|up to"
    r"|under|below|above|about|around|nearly|almost)\s+"
    r"|(?:商户编号|商户号|超过|最多|最少|至少|不超过|低于|高于|大约|约)\s*"
    r"|\b(?:" + MONTHS + r")\.?\s+(?:\d{1,2},?\s+)?"
    r")$",
    re.IGNORECASE,
)
# Words right after a number that make it an amount, a duration, a count or a date.
NOT_A_CONTACT_AFTER = re.compile(
    r"^(?:"
    r"\s*(?:元|块|角|港元|港币|比索|美元|人民币|%|％|多|万|千|百|亿|家|位|个|次|张|条|年|月|日|号"
    r"|天|周|小时|分钟|秒|工作日|自然日)"
    r"|\s*-?\s*(?:HKD|PHP|RMB|CNY|USD|yuan|pesos?|dollars?|cents?|centavos"
    r"|days?|weeks?|months?|years?|hours?|minutes?|mins?|seconds?|secs?|working|calendar"
    r"|business|times|million|thousand|plus|digits?|characters?|percent"
    r"|st|nd|rd|th|am|pm|(?:" + MONTHS + r"))\b"
    r"|…|\.\.\."
    r")",
    re.IGNORECASE,
)
YEAR = re.compile(r"^(?:19|20)\d\d$")

_public_suffixes = PublicSuffixList()


@dataclass(frozen=True)
class Mention:
    """A contact named in a text, as it is written there."""

    DIALLED = "dialled"
    WEB = "web"
    APP = "app"

    kind: str
    value: str


def readable_text(text):
    """Editor Markdown as a reader reads it: link text without its address (a `tel:` address
    kept, as a number to call), no reference definitions, no e-mail addresses, no emphasis."""
    tel_numbers = []

    def link_text(match):
        href = (match["href"] or "").strip("<>").strip()
        if href.lower().startswith("tel:"):
            tel_numbers.append(href[4:])
        return match["text"]

    text = LINK.sub(link_text, contacts.to_halfwidth(text or ""))
    text = REFERENCE_DEFINITION.sub(" ", text)
    text = EMAIL.sub(" ", text)
    text = text.replace("\\", "").replace("`", " ")
    text = re.sub(r"\*\*|__", " ", text)
    return " ".join([text, *tel_numbers])


def quoted_messages(text):
    """The spans of quoted text that hold more than a number: messages to send."""
    spans = []
    for match in QUOTED.finditer(text):
        inside = match[1].strip()
        if not DIALLED.fullmatch(inside):
            spans.append(match.span(1))
    return spans


def is_contact_number(text, match):
    value = match["value"]
    digits = re.sub(r"\D", "", value)
    if len(digits) < MIN_DIGITS:
        return False
    if re.fullmatch(r"\+\d{1,3}", value):
        return False  # a country code alone: "+852 in front means…"
    before, after = text[: match.start()], text[match.end() :]
    if value.startswith("*") and re.match(r"\s*(?:…|\.\.\.)", after):
        return False  # an open pattern: "a code like *100*1*…"
    if NOT_A_CONTACT_BEFORE.search(before[-40:]) or NOT_A_CONTACT_AFTER.match(after):
        return False
    return not (
        YEAR.match(value)
        and (
            re.search(r"(?:\b(?:in|since|from|until|by|of|and|or|a|an|the)|['’]s)\s+$", before)
            or re.match(r"\s+(?:news|reports?|articles?|editions?|guides?)\b", after)
        )
    )


def numbers_in(text):
    messages = quoted_messages(text)
    found = []
    for match in DIALLED.finditer(text):
        if any(start <= match.start() < end for start, end in messages):
            continue
        if is_contact_number(text, match):
            # Bold markers were spaced out, so a trailing space is not part of the number.
            found.append(match["value"].strip())
    return found


def web_addresses_in(text):
    found = []
    for match in WEB.finditer(text):
        address = match["value"]
        host = re.sub(r"^https?://", "", address, flags=re.IGNORECASE).split("/")[0].lower()
        suffix = _public_suffixes.publicsuffix(host, accept_unknown=False)
        if suffix and suffix != host and not host.replace(".", "").isdigit():
            found.append(address)
    return found


def apps_in(text, app_names):
    """The names in `app_names` that `text` names, as whole words, ignoring case."""
    found = []
    for name in app_names:
        pattern = r"(?<![\w])" + re.escape(name) + r"(?![\w])"
        if re.search(pattern, text, re.IGNORECASE):
            found.append(name)
    return found


def mentions_in(text, app_names=()):
    """Every contact `text` (editor Markdown) names, in order of kind, each once."""
    text = readable_text(text)
    web = web_addresses_in(text)
    # A number inside a web address (`10086.cn`) is part of the address.
    without_web = text
    for address in web:
        without_web = without_web.replace(address, " ")
    mentions = (
        [Mention(Mention.DIALLED, value) for value in numbers_in(without_web)]
        + [Mention(Mention.WEB, value) for value in web]
        + [Mention(Mention.APP, value) for value in apps_in(without_web, app_names)]
    )
    return list(dict.fromkeys(mentions))


def translated_texts(model, fields, obj):
    """`(column, label, text)` for each language of each translated field of `obj` (an object
    of `model`, or a historical record of one), labelled for editors: `Body (English)`."""
    texts = []
    for name in fields:
        for code, _name in settings.LANGUAGES:
            column = f"{name}_{code.replace('-', '_')}"
            name_of_field = capfirst(model._meta.get_field(column).translated_field.verbose_name)
            label = f"{name_of_field} ({get_language_info(code)['name_translated']})"
            texts.append((column, label, getattr(obj, column, "") or ""))
    return texts
