"""The number checker: is what a reader was given one of the operators' own contacts?

It compares the reader's input, normalised the way people really type it, with every official
contact and operator website. It answers one of three things, and never calls an unknown number
safe: an exact official match; a look-alike of an official contact (the scammer's favourite
trick); or "not in our list", which is not the same as "safe".

Nothing the reader typed is stored or logged here.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from . import contacts
from .models import OfficialContact, Operator, Region

MAX_INPUT_LENGTH = 200
MIN_LOOKALIKE_LENGTH = 3
# Letters that scammers put in sender names in place of digits: "L0086" for 10086.
DIGIT_LOOKALIKES = str.maketrans({"o": "0", "O": "0", "l": "1", "L": "1", "I": "1", "i": "1"})
# Endings that are not part of a company's name, so `globe.com.ph` is named "globe".
COMMON_SUFFIXES = ("com", "net", "org", "gov", "edu", "cn", "ph", "hk", "co", "mobi", "app")
URL_HINT = re.compile(r"^(https?:|www\.)|[a-z0-9-]\.[a-z]{2,}", re.IGNORECASE)


class Verdict:
    OFFICIAL = "official"
    LOOKALIKE = "lookalike"
    UNKNOWN = "unknown"
    INVALID = "invalid"


@dataclass
class Result:
    verdict: str
    normalised: str = ""
    is_web_address: bool = False
    matches: list = field(default_factory=list)
    lookalikes: list = field(default_factory=list)

    @property
    def is_official(self):
        return self.verdict == Verdict.OFFICIAL

    @property
    def is_lookalike(self):
        return self.verdict == Verdict.LOOKALIKE

    @property
    def is_unknown(self):
        return self.verdict == Verdict.UNKNOWN

    @property
    def is_invalid(self):
        return self.verdict == Verdict.INVALID


@dataclass
class WebsiteMatch:
    """An operator's own website, listed on the operator rather than as a contact."""

    operator: Operator
    value: str
    source_url: str = ""
    purpose: str = _("Official website")
    verified_on: None = None

    kind = OfficialContact.Kind.WEBSITE

    def get_kind_display(self):
        return OfficialContact.Kind.WEBSITE.label


def edit_distance_at_most_one(a, b):
    """True when `b` is `a` with one character changed, added, removed or two swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


class NumberChecker:
    """Loads the official contacts once per check (two queries) and compares input to them."""

    def __init__(self):
        self.calling_codes = sorted(
            {code for code in Region.objects.values_list("calling_code", flat=True) if code},
            key=len,
            reverse=True,
        )
        self.contacts = list(
            OfficialContact.objects.filter(operator__is_active=True).select_related(
                "operator__region"
            )
        )
        self.websites = [c for c in self.contacts if c.kind == OfficialContact.Kind.WEBSITE]
        # An operator's own website, unless one of its contacts already names that site.
        listed = {(c.operator_id, contacts.bare_host(c.value)) for c in self.websites}
        for operator in Operator.objects.active().exclude(website="").select_related("region"):
            site = WebsiteMatch(operator, contacts.normalise_web_address(operator.website))
            if (operator.pk, contacts.bare_host(site.value)) not in listed:
                self.websites.append(site)

    # Phone numbers, short codes and USSD codes.

    def dial_forms(self, value):
        """The ways one number can be written: as given, and without its country prefix."""
        forms = {value}
        international = value.startswith(("+", "00"))
        digits = value.lstrip("+")
        if value.startswith("00"):
            digits = value[2:]
        if international:
            forms.add(digits)
            for code in self.calling_codes:
                if digits.startswith(code):
                    forms.add(digits[len(code) :])
                    break
        elif value.startswith("0") and len(value) >= 10:
            # A national trunk prefix, as in Philippine mobile numbers: 0917… for +63917….
            forms.add(value[1:])
        return {form for form in forms if form}

    def check_dial_string(self, value, has_lookalike_letters=False):
        forms = self.dial_forms(value)
        dialled = [c for c in self.contacts if c.is_dialled]
        matches = [c for c in dialled if forms & self.dial_forms(c.value)]
        if matches and has_lookalike_letters:
            # "L0086" is not 10086: letters dressed up as digits are a look-alike.
            return Result(Verdict.LOOKALIKE, value, lookalikes=matches)
        if matches:
            return Result(Verdict.OFFICIAL, value, matches=matches)
        lookalikes = []
        for contact in dialled:
            contact_forms = self.dial_forms(contact.value)
            if any(
                len(form) >= MIN_LOOKALIKE_LENGTH
                and len(other) >= MIN_LOOKALIKE_LENGTH
                and edit_distance_at_most_one(form, other)
                for form in forms
                for other in contact_forms
            ):
                lookalikes.append(contact)
        verdict = Verdict.LOOKALIKE if lookalikes else Verdict.UNKNOWN
        return Result(verdict, value, lookalikes=lookalikes)

    # Web addresses.

    @staticmethod
    def site_name(host):
        labels = host.split(".")
        while len(labels) > 1 and labels[-1] in COMMON_SUFFIXES:
            labels.pop()
        return labels[-1]

    def check_web_address(self, value):
        host = contacts.bare_host(value)
        matches, lookalikes = [], []
        for site in self.websites:
            official = contacts.bare_host(site.value)
            if host == official or host.endswith("." + official):
                matches.append(site)
                continue
            name = self.site_name(official)
            tokens = re.split(r"[.\-_]", host)
            if name in tokens or any(
                len(token) >= 4 and edit_distance_at_most_one(token, name) for token in tokens
            ):
                lookalikes.append(site)
        if matches:
            return Result(Verdict.OFFICIAL, value, is_web_address=True, matches=matches)
        verdict = Verdict.LOOKALIKE if lookalikes else Verdict.UNKNOWN
        return Result(verdict, value, is_web_address=True, lookalikes=lookalikes)

    def check(self, text):
        text = contacts.to_halfwidth(text or "")[:MAX_INPUT_LENGTH].strip()
        if not text:
            return Result(Verdict.INVALID)
        if URL_HINT.search(text) and not text.lower().startswith("tel:"):
            value = contacts.normalise_web_address(text)
            if contacts.is_web_address(value):
                return self.check_web_address(value)
            return Result(Verdict.INVALID)
        typed = contacts.normalise_dial_string(text)
        value = typed.translate(DIGIT_LOOKALIKES)
        if not contacts.is_dial_string(value):
            return Result(Verdict.INVALID)
        return self.check_dial_string(value, has_lookalike_letters=typed != value)


def check_number(text):
    """Check what a reader typed against the official contacts (see `NumberChecker`)."""
    return NumberChecker().check(text)
