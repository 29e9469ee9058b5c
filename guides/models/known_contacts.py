"""What the number checker knows, and how it compares a number, sender or web address with it.

`load_records` reads the known contacts and the scam register into `Records`, whose `check`
answers in levels, worst first, and names what the reader typed in every answer:
- a reported scam: it is in the scam register, with the evidence;
- a look-alike: it imitates a contact we know (letters for digits, the right digits behind
  another country's code, a sender name one character off, a web address with look-alike
  letters or names);
- official: an operator, payment provider or authority publishes it, and the answer says where;
  a contact known only from a secondary source (news, repost) is never called official;
- no record, which is not the same as safe. A number one digit from a contact we know is no
  record too, with the nearest contacts named: official codes often differ by one digit
  (1510 and 1511), so that alone makes nothing a fake.

An official record is never hidden by the scam register: a number that is both (an entry saved
under another region, or before the record existed) is answered as official, with the entry
shown after it and both regions named; `ScamEntry.clean` keeps new entries out.

A contact is matched with the country code of its own region only: `+852 10086` is not China
Mobile's 10086. Nothing the reader typed is stored or logged here.

The models' rules read the records afresh: the scam register's (`official_records_matching`)
and the publishing rule's (`guides.models.named_contacts`). The checker's pages read them once
per content version (`guides.checker.lookup`).
"""

import re

from ..values import contacts
from . import OfficialContact, Operator, Region
from .scams import ScamEntry
from .sourced import Authority, PaymentProvider, PaymentProviderContact, SourcedContact, SourceKind
from .verdicts import (
    DIGIT_LOOKALIKES,
    Match,
    Reason,
    Result,
    Verdict,
    Website,
    edit_distance_at_most_one,
)

MAX_INPUT_LENGTH = 200
MIN_LOOKALIKE_LENGTH = 3


def owner_key(record):
    if isinstance(record, Website):
        return record.owner_key
    if isinstance(record, OfficialContact):
        return ("operator", record.operator_id)
    if isinstance(record, PaymentProviderContact):
        return ("provider", record.provider_id)
    return ("authority", record.region_id, record.name)


def load_records():
    """Everything the checker compares with, read once per content version (see `Records`)."""
    official = list(
        OfficialContact.objects.filter(operator__is_active=True).select_related("operator__region")
    )
    provider_contacts = list(
        PaymentProviderContact.objects.filter(provider__is_active=True).select_related(
            "provider__region"
        )
    )
    websites = [
        Website(
            operator,
            contacts.normalise_web_address(operator.website),
            operator.website,
            ("operator", operator.pk),
        )
        for operator in Operator.objects.active().exclude(website="").select_related("region")
    ] + [
        Website(
            provider,
            contacts.normalise_web_address(provider.website),
            provider.website,
            ("provider", provider.pk),
            source_kind=SourceKind.PAYMENT_PROVIDER,
        )
        for provider in PaymentProvider.objects.active()
        .exclude(website="")
        .select_related("region")
    ]
    return Records(
        official + provider_contacts + list(Authority.objects.with_region()) + websites,
        list(ScamEntry.objects.listed().select_related("region")),
        list(Region.objects.all()),
    )


class Records:
    """The known contacts, prepared for comparison: each number read in its own region."""

    def __init__(self, records, scam_entries, regions):
        self.regions = regions
        self.region_codes = [region.code for region in regions]
        self.country_names = {r.calling_code: str(r) for r in regions if r.calling_code}
        # Numbers, and the sender names that are numbers (12381 sends warning texts), each with
        # every number it dials (`contacts.dial_keys`).
        self.dialled = [
            (record, contacts.dial_keys(record.value, record.owner.region.code))
            for record in records
            if record.is_dialled
            or (record.kind == SourcedContact.Kind.SMS_SENDER and record.value.isdigit())
        ]
        self.senders = [r for r in records if r.kind == SourcedContact.Kind.SMS_SENDER]
        self.apps = [r for r in records if r.kind == SourcedContact.Kind.APP]
        # Owners' own sites first: a look-alike address imitates the site, not one page of it.
        self.websites = sorted(
            (
                (record, contacts.registrable_domain(contacts.bare_host(record.value)))
                for record in records
                if record.kind == SourcedContact.Kind.WEBSITE
            ),
            key=lambda item: not isinstance(item[0], Website),
        )
        self.all = records
        self.scam_entries = scam_entries
        self.phone_entries = [
            (entry, contacts.dial_keys(entry.value, entry.region.code))
            for entry in scam_entries
            if entry.kind == ScamEntry.Kind.PHONE
        ]
        authorities = [record for record in records if isinstance(record, Authority)]
        self.authorities_by_region = [
            (region, [a for a in authorities if a.region_id == region.pk]) for region in regions
        ]

    # What makes a match official, or what to confirm a secondary one with.

    def confirm_with(self, record):
        """An officially sourced contact of the same owner that answers questions: a hotline
        first, then a website; never a card-reload, transfer or sending-only code."""
        key = owner_key(record)
        candidates = [
            r
            for r in self.all
            if owner_key(r) == key
            and r.is_officially_sourced
            and (r.is_hotline or r.kind == SourcedContact.Kind.WEBSITE)
        ]
        candidates.sort(key=lambda r: not r.is_hotline)
        return candidates[0] if candidates else None

    def answer(self, result, records):
        """`result` as a match of `records`: official if one of them is officially sourced."""
        records = sorted(records, key=lambda r: not r.is_officially_sourced)
        seen, matches = set(), []
        for record in records:
            # One card per owner for a site, however many of its addresses were listed.
            shown_as = "site" if record.kind == SourcedContact.Kind.WEBSITE else record.value
            if (owner_key(record), shown_as) in seen:
                continue
            seen.add((owner_key(record), shown_as))
            confirm = None if record.is_officially_sourced else self.confirm_with(record)
            matches.append(Match(record, confirm, record.owner.region))
        official = any(match.record.is_officially_sourced for match in matches)
        result.verdict = Verdict.OFFICIAL if official else Verdict.SECONDARY
        result.matches = matches
        return result

    # Phone numbers, short codes and USSD codes.

    def reader_keys(self, value, region_code):
        """The numbers the reader's `value` dials in `region_code` (`contacts.dial_keys`); one
        with `+` means the same everywhere."""
        return contacts.dial_keys(value, None if contacts.is_international(value) else region_code)

    def dials(self, value, keys, region_code):
        """Whether the reader's `value`, dialled in `region_code`, reaches one of `keys`."""
        return not set(keys).isdisjoint(self.reader_keys(value, region_code))

    def check_dial(self, result, value, letters_for_digits):
        result.normalised = value
        scams = [
            entry
            for entry, keys in self.phone_entries
            if self.dials(value, keys, entry.region.code)
        ]
        found = [
            (record, keys)
            for record, keys in self.dialled
            if self.dials(value, keys, record.owner.region.code)
        ]
        matches = [record for record, _keys in found]
        if matches and letters_for_digits:
            result.verdict, result.lookalikes = Verdict.LOOKALIKE, matches
            result.reasons.add(Reason.LETTERS_FOR_DIGITS)
            return result
        if matches:
            record, keys = found[0]
            typed_keys = self.reader_keys(value, record.owner.region.code)
            if typed_keys[0] not in keys:
                # Dialled with an area code (010-12300): say which service number it is.
                result.normalised = typed_keys[-1][1]
            # Official first; a register entry of the same number is shown after it.
            result.scam_entries = scams
            return self.answer(result, matches)
        if scams:
            result.verdict, result.scam_entries = Verdict.SCAM, scams
            return result
        if contacts.is_emergency_number(value, self.region_codes):
            result.verdict, result.is_emergency_number = Verdict.UNKNOWN, True
            return result
        for record, keys in self.dialled:
            (code, number), (record_code, record_number) = (
                self.reader_keys(value, record.owner.region.code)[0],
                keys[0],
            )
            if code == record_code and min(len(number), len(record_number)) >= MIN_LOOKALIKE_LENGTH:
                if edit_distance_at_most_one(number, record_number):
                    result.nearest.append(record)
            elif contacts.is_international(value) and record_code and number == record_number:
                result.lookalikes.append(record)
                result.reasons.add(Reason.COUNTRY_CODE)
                result.dialled_country = self.country_names.get(code, f"+{code}")
        result.verdict = Verdict.LOOKALIKE if result.lookalikes else Verdict.UNKNOWN
        return result

    # SMS sender names, app names and payment handles.

    def check_name(self, result, name):
        result.normalised = name
        name_kinds = (ScamEntry.Kind.SENDER_NAME, ScamEntry.Kind.PAYMENT_HANDLE)
        scams = [e for e in self.scam_entries if e.kind in name_kinds and e.value == name]
        if scams:
            result.verdict, result.scam_entries = Verdict.SCAM, scams
            return result
        matches = [record for record in self.senders if record.value == name] + [
            record for record in self.apps if contacts.normalise_name(record.value) == name
        ]
        if matches:
            return self.answer(result, matches)
        result.lookalikes = [
            record
            for record in self.senders
            if len(name) > MIN_LOOKALIKE_LENGTH and edit_distance_at_most_one(name, record.value)
        ]
        if result.lookalikes:
            result.reasons.add(Reason.SIMILAR)
        result.verdict = Verdict.LOOKALIKE if result.lookalikes else Verdict.UNKNOWN
        return result

    # Web addresses.

    def check_web(self, result, address):
        result.is_web_address = True
        host = contacts.bare_host(address)
        shown_host = contacts.to_unicode_host(contacts.host_of(address))
        result.normalised = shown_host + address[len(contacts.host_of(address)) :]
        scams = [
            entry
            for entry in self.scam_entries
            if entry.kind == ScamEntry.Kind.WEB_ADDRESS and is_on_site(address, entry.value)
        ]
        if scams:
            result.verdict, result.scam_entries = Verdict.SCAM, scams
            return result
        domain = contacts.registrable_domain(host)
        matches = [record for record, site in self.websites if site == domain]
        if matches:
            matches.sort(key=lambda record: not is_on_site(address, record.value))
            return self.answer(result, matches)
        unicode_host = contacts.to_unicode_host(host)
        lookalike_letters = not unicode_host.isascii()
        seen = contacts.skeleton(unicode_host)
        tokens = re.split(r"[.\-_]", seen)
        seen_sites = set()
        for record, site in self.websites:
            name = contacts.site_name(site)
            if (owner_key(record), site) in seen_sites:
                continue
            if (
                contacts.registrable_domain(seen) == site
                or name in tokens
                or any(len(t) >= 4 and edit_distance_at_most_one(t, name) for t in tokens)
            ):
                result.lookalikes.append(record)
                seen_sites.add((owner_key(record), site))
        if result.lookalikes:
            result.reasons.add(Reason.LOOKALIKE_LETTERS if lookalike_letters else Reason.SIMILAR)
        elif lookalike_letters and contacts.mixes_scripts(unicode_host):
            result.reasons.add(Reason.LOOKALIKE_LETTERS)
        result.verdict = Verdict.LOOKALIKE if result.lookalikes else Verdict.UNKNOWN
        return result

    def check(self, text):
        typed = " ".join((text or "").split())[:MAX_INPUT_LENGTH]
        text = contacts.to_halfwidth(typed).strip()
        result = Result(Verdict.INVALID, typed=typed)
        if not text:
            return result
        if contacts.is_written_as_web_address(text):
            if contacts.typed_kind(text) == contacts.Typed.WEB_ADDRESS:
                return self.check_web(result, contacts.normalise_web_address(text))
            return result
        dialled = contacts.normalise_dial_string(text)
        value = dialled.translate(DIGIT_LOOKALIKES)
        if contacts.is_dial_string(value):
            name_scams = self.check_name(Result(Verdict.INVALID), contacts.normalise_name(text))
            if dialled != value and name_scams.is_scam:
                # "L0086" may be in the register as a sender name.
                name_scams.typed = typed
                return name_scams
            return self.check_dial(result, value, letters_for_digits=dialled != value)
        name = contacts.normalise_name(text)
        if contacts.is_name(name):
            return self.check_name(result, name)
        return result


def is_on_site(address, site):
    """Whether `address` is `site` or a page under it (`site` may name a path)."""
    host, site_host = contacts.bare_host(address), contacts.bare_host(site)
    if host != site_host and not host.endswith("." + site_host):
        return False
    site_path = site[len(contacts.host_of(site)) :]
    path = address[len(contacts.host_of(address)) :]
    return path == site_path or path.startswith(site_path.rstrip("/") + "/")


def official_records_matching(value, region):
    """The known contacts a reader is shown for `value` in the scam register under `region`:
    what may never go into it. A number is tried in every form a reader could type it (as
    written, bare, with `region`'s country code; `contacts.dial_keys` adds area codes), and
    each form is read in every region, as the checker reads it."""
    records = load_records()
    forms = [value]
    dialled = contacts.normalise_dial_string(value)
    if contacts.is_dial_string(dialled):
        for code, number in contacts.dial_keys(dialled, region.code):
            forms += [number, f"+{code}{number}"] if code else [number]
    found = []
    for form in forms:
        result = records.check(form)
        if result.verdict in (Verdict.OFFICIAL, Verdict.SECONDARY):
            found += [match.record for match in result.matches if match.record not in found]
    return found
