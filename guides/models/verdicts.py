"""What the number checker answers: its verdicts, the reasons for a look-alike, and the result
a page shows (`guides.models.known_contacts` does the comparing)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ..values import contacts
from . import fallback_fields
from .sourced import SourcedContact, SourceKind

# Letters that scammers put in sender names in place of digits: "L0086" for 10086.
DIGIT_LOOKALIKES = str.maketrans({"o": "0", "O": "0", "l": "1", "L": "1", "I": "1", "i": "1"})


class Verdict:
    SCAM = "scam"
    LOOKALIKE = "lookalike"
    OFFICIAL = "official"
    SECONDARY = "secondary"
    UNKNOWN = "unknown"
    INVALID = "invalid"


# What the checker says of a contact it does not know as official or secondary, as editors are
# told it when their text names one (`guides.models.named_contacts.contact_errors`).
VERDICTS_FOR_EDITORS = {
    Verdict.SCAM: _("a reported scam"),
    Verdict.LOOKALIKE: _("a look-alike of another contact"),
    Verdict.UNKNOWN: _("no record"),
    Verdict.INVALID: _("not a number or address it can read"),
}


class Reason:
    """Why something is a look-alike, each with its own sentence on the page."""

    LETTERS_FOR_DIGITS = "letters_for_digits"
    COUNTRY_CODE = "country_code"
    LOOKALIKE_LETTERS = "lookalike_letters"
    SIMILAR = "similar"


@dataclass
class Website:
    """An operator's or payment provider's own website, kept on it rather than as a contact.

    The owner names it as its own, so it counts as published by the owner. `owner` is the
    operator or payment provider itself, so its name follows the reader's language.
    """

    owner: object
    value: str
    source_url: str
    owner_key: tuple
    purpose: str = _("Official website")
    verified_on: None = None
    source_year: None = None
    source_kind: str = SourceKind.OPERATOR
    kind = SourcedContact.Kind.WEBSITE
    is_officially_sourced = True
    is_dialled = False

    use = ""
    is_hotline = False

    def get_kind_display(self):
        return SourcedContact.Kind.WEBSITE.label

    @property
    def owner_name(self):
        return self.owner.name

    @property
    def owner_url(self):
        return self.owner.get_absolute_url()

    @property
    def region(self):
        return self.owner.region

    @property
    def display_value(self):
        return contacts.to_unicode_host(self.value)

    @property
    def source_site(self):
        return contacts.registrable_domain(contacts.bare_host(self.value))

    @property
    def href(self):
        return f"https://{self.value}"


@dataclass
class Match:
    """A record the input is; for a secondary source, an official record to confirm it with."""

    record: object
    confirm_with: object = None
    region: object = None


@dataclass
class Result:
    verdict: str
    typed: str = ""
    normalised: str = ""
    is_web_address: bool = False
    matches: list = field(default_factory=list)
    lookalikes: list = field(default_factory=list)
    scam_entries: list = field(default_factory=list)
    reasons: set = field(default_factory=set)
    # For a number with no record: the contacts one digit from it.
    nearest: list = field(default_factory=list)
    # For a number behind another country's code: that country's name, or its code.
    dialled_country: str = ""
    is_emergency_number: bool = False

    @property
    def shows_normalised(self):
        """Whether how we read the input differs from what the reader typed. Not for letters
        in place of digits or look-alike letters: the page marks those in what was typed."""
        return (
            bool(self.normalised) and self.normalised != self.typed and not self.marked_characters
        )

    @property
    def marked_characters(self):
        """What the reader typed, in parts, each foreign-looking character with a note:
        `[("1", ""), ("O", "the letter O, not a digit"), ("086", "")]`."""
        if Reason.LETTERS_FOR_DIGITS in self.reasons:
            return marked(self.typed, letter_for_digit_note)
        if Reason.LOOKALIKE_LETTERS in self.reasons:
            return marked(self.normalised, foreign_letter_note)
        return []

    @property
    def advice_record(self):
        """The official record whose use decides what the page advises."""
        return self.matches[0].record if self.is_official else None

    @property
    def shows_untranslated_names(self):
        """Whether a name or purpose on the page is shown in Simplified Chinese for want of a
        translation (the site's fallback)."""
        records = [m.record for m in self.matches] + self.lookalikes + self.nearest
        return any(
            fallback_fields(record.owner, ["name"]) or fallback_fields(record, ["purpose"])
            for record in records
        )

    @property
    def owner_name(self):
        records = [match.record for match in self.matches] or self.lookalikes
        return records[0].owner_name if records else ""

    @property
    def imitated(self):
        return self.lookalikes[0] if self.lookalikes else None

    @property
    def is_scam(self):
        return self.verdict == Verdict.SCAM

    @property
    def is_official(self):
        return self.verdict == Verdict.OFFICIAL

    @property
    def is_secondary(self):
        return self.verdict == Verdict.SECONDARY

    @property
    def is_lookalike(self):
        return self.verdict == Verdict.LOOKALIKE

    @property
    def is_unknown(self):
        return self.verdict == Verdict.UNKNOWN

    @property
    def is_invalid(self):
        return self.verdict == Verdict.INVALID


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


def marked(text, note_of):
    """`text` in parts, a character `note_of` has a note for on its own (see
    `Result.marked_characters`)."""
    parts = []
    for character in text:
        note = note_of(character)
        if note or not parts or parts[-1][1]:
            parts.append((character, note))
        else:
            parts[-1] = (parts[-1][0] + character, "")
    return parts


def letter_for_digit_note(character):
    halfwidth = contacts.to_halfwidth(character)
    if len(halfwidth) == 1 and ord(halfwidth) in DIGIT_LOOKALIKES:
        return _("the letter %(letter)s, not a digit") % {"letter": character}
    return ""


def foreign_letter_note(character):
    if character.isascii() or not character.isalpha():
        return ""
    return _("a letter from another alphabet that looks like the Latin “%(latin)s”") % {
        "latin": contacts.skeleton(character)
    }
