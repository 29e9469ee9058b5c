"""Search answered in this process: which public guides a `SearchPlan` finds, in what order, and
how many each filter option would show.

Why not in SQL: with thousands of guides a reader's common words ("number", "余额", and the
synonyms they stand for) are in most of them, so finding and ranking them in SQL costs a
condition per guide for every place each term may be found in, once to count the filter options
and once to rank. Measured on 20,000 guides on PostgreSQL (2026-12-02), "keep my number" took
240 ms of SQL that way, of which only a few milliseconds read the index of words.

Here every public guide has a *position*: its place in reading order (region, operator, channel,
slug), which is also how guides with the same score are ordered. A set of guides is one whole
number whose bit at a guide's position is set (`bits_of`), so that "has every word", "has any
pattern" and "on these channels" are `&` and `|` over 20,000 bits at once, in C. Scores are
counted in bit planes (`Scores`). The page of results is then read off the groups of guides with
equal scores, highest first, each already in reading order.

What this process holds, for the current content version (`kept_in_process`; a content change
anywhere retires it):
- `GuideSnapshot`: each public guide's id, operator, channel, "works from abroad" and title
  document; loaded in one query (for 20,000 guides on PostgreSQL, about 130 ms and 9 MB).
- for each word, title pattern or lone character looked up since, the guides that have it, as
  bits (`GuideSnapshot.derived`, least recently used out). A word's guides are read from the
  index of words (`SearchWord`), many words in one query.
"""

import re
import threading
from collections import Counter, OrderedDict, defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from itertools import compress, count, repeat
from operator import contains, or_

from django.db.models import BooleanField, ExpressionWrapper, Q

from . import search
from .cache import LOCAL_SECONDS, LocalValues, kept_in_process
from .models import Guide, SearchWord
from .models.facts import works_from_abroad

# One snapshot per process. It is read again after a content change, or after this long: a
# change saved while the cache was unreachable bumped no version.
snapshots = LocalValues(size=1, seconds=10 * LOCAL_SECONDS)
# How many words, title patterns and characters a snapshot keeps the guides of (a few KB each).
DERIVED_ENTRIES = 4096
ONE = re.compile("1")
ONE_FLAG = ord("1")
# The filters' dimensions, in the order a tally key holds them.
TALLIED = ("operator", "region", "channel", "abroad")


def bits_of(positions):
    """The set of `positions` as one whole number: bit i is set for position i."""
    positions = list(positions)
    if not positions:
        return 0
    flags = bytearray(b"0") * (max(positions) + 1)
    set_all(flags, positions)
    return flags_to_bits(flags)


def set_all(flags, positions):
    """Set `flags` at every one of `positions`, in C (`map`), without a loop in Python."""
    deque(map(flags.__setitem__, positions, repeat(ONE_FLAG)), maxlen=0)


def bits_of_ranges(ranges):
    """The set of the positions in `ranges`, (start, end) pairs in ascending order."""
    if not ranges:
        return 0
    flags = bytearray(b"0") * ranges[-1][1]
    for start, end in ranges:
        flags[start:end] = b"1" * (end - start)
    return flags_to_bits(flags)


def flags_to_bits(flags):
    """A bytearray of ASCII 0s and 1s, whose index i is bit i, as one whole number."""
    if not flags:  # no public guide at all
        return 0
    flags.reverse()
    return int(flags, 2)


def binary(bits):
    """`bits` as a string of 0s and 1s whose index i is bit i."""
    return format(bits, "b")[::-1] if bits else ""


def positions_of(bits):
    """The positions set in `bits`, in ascending order."""
    return [match.start() for match in ONE.finditer(binary(bits))]


class Scores:
    """A whole-number score for every guide, held as bit planes: plane i has bit i of each
    guide's score. Adding a weight to a set of guides is a few `^` and `&` per plane."""

    def __init__(self):
        self.planes = []

    def add(self, bits, weight):
        for place in range(weight.bit_length()):
            if not weight >> place & 1:
                continue
            carry, plane = bits, place
            while carry:
                while len(self.planes) <= plane:
                    self.planes.append(0)
                current = self.planes[plane]
                self.planes[plane] = current ^ carry
                carry &= current
                plane += 1

    @property
    def most_significant_first(self):
        return self.planes[::-1]


def descending(candidates, planes):
    """`candidates` in groups of equal score, highest first, for scores held in `planes` (most
    significant first). Each group lists its guides in reading order."""
    groups = [candidates] if candidates else []
    for plane in planes:
        groups = [part for group in groups for part in (group & plane, group & ~plane) if part]
    return groups


@dataclass
class GuideSnapshot:
    """The public guides, by position (reading order), as search needs them."""

    ids: tuple
    positions: dict
    # Guides by operator id and channel id (what a `Place` names), and by the filters' slugs.
    by_operator: dict
    by_channel: dict
    by_option: dict
    # Runs of consecutive positions with the same operator slug, region code, channel slug and
    # abroad ("1" or "0"), the filters' dimensions: (start, end, (operator, region, ...)).
    runs: tuple
    titles: tuple
    everything: int
    derived: OrderedDict = field(default_factory=OrderedDict, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def load(cls):
        rows = snapshot_rows()
        # Sorted here rather than by the database: by code point, so SQLite and PostgreSQL give
        # the same order whatever their collations (and a collated sort of 20,000 slugs is most
        # of the query's time on PostgreSQL). The list without a search sorts in the database,
        # whose collation may put slugs that differ only in punctuation ("a-b", "ab") the other
        # way round; ties in search then differ from the list in that order only.
        rows = sorted(rows)
        # Guides next to each other in reading order mostly share their operator, channel and
        # abroad fact: each run of them is one slice of every set of guides it belongs to.
        runs = []
        for position, row in enumerate(rows):
            key = row[5:11]
            if runs and runs[-1][2] == key:
                runs[-1][1] = position + 1
            else:
                runs.append([position, position + 1, key])
        ranges = {"operator": defaultdict(list), "channel": defaultdict(list), "option": {}}
        tally_runs = []
        for start, end, (operator_id, channel_id, operator, region, channel, abroad) in runs:
            key = (operator, region.lower(), channel, "1" if abroad else "0")
            tally_runs.append((start, end, key))
            ranges["operator"][operator_id].append((start, end))
            ranges["channel"][channel_id].append((start, end))
            for name, slug in zip(TALLIED, key, strict=True):
                ranges["option"].setdefault((name, slug), []).append((start, end))
        bits = {
            name: {value: bits_of_ranges(spans) for value, spans in group.items()}
            for name, group in ranges.items()
        }
        ids = tuple(row[4] for row in rows)
        return cls(
            ids=ids,
            positions={pk: position for position, pk in enumerate(ids)},
            by_operator=bits["operator"],
            by_channel=bits["channel"],
            by_option=bits["option"],
            runs=tuple(tally_runs),
            titles=tuple(row[11] for row in rows),
            everything=(1 << len(ids)) - 1,
        )

    def remembered(self, key):
        with self.lock:
            found = self.derived.get(key)
            if found is not None:
                self.derived.move_to_end(key)
            return found

    def remember(self, key, bits):
        with self.lock:
            self.derived[key] = bits
            self.derived.move_to_end(key)
            while len(self.derived) > DERIVED_ENTRIES:
                self.derived.popitem(last=False)
        return bits

    def of_ids(self, ids):
        return bits_of(self.positions[pk] for pk in ids if pk in self.positions)

    def of_id_list(self, text):
        """The guides of `text`, "id,id,...", as bits; ids of guides not public are left out.

        Every step is a `map` or slice, run in C: a common word has 20,000 ids."""
        nowhere = len(self.ids)  # where ids not public land, cut off below
        flags = bytearray(b"0") * (nowhere + 1)
        at = map(self.positions.get, map(int, text.split(",")), repeat(nowhere))
        set_all(flags, at)
        return flags_to_bits(flags[:nowhere])

    def with_words(self, words):
        """Each of `words` with the guides that have it in their text, as bits; the words not
        remembered are read from the index of words in one query."""
        found = {word: self.remembered(("word", word)) for word in words}
        missing = [word for word, bits in found.items() if bits is None]
        if missing:
            for word, guide_ids in SearchWord.objects.guides_with(missing):
                found[word] = self.of_id_list(guide_ids)
            for word in missing:
                found[word] = self.remember(("word", word), found[word] or 0)
        return found

    def with_texts(self, patterns):
        """Each of `patterns` with the guides whose text has it anywhere, as bits: for patterns
        too short to have search words ("卡"), read from the stored documents, all of them in
        one pass over the guides."""
        found = {pattern: self.remembered(("text", pattern)) for pattern in patterns}
        missing = [pattern for pattern, bits in found.items() if bits is None]
        if missing:
            has = {f"has_{i}": Q(search_text__contains=p) for i, p in enumerate(missing)}
            rows = (
                Guide.objects.public()
                .filter(reduce(or_, has.values()))
                .annotate(**{name: ExpressionWrapper(q, BooleanField()) for name, q in has.items()})
                .values_list("pk", *has)
            )
            ids = {pattern: [] for pattern in missing}
            for pk, *flags in rows:
                for pattern, flag in zip(missing, flags, strict=True):
                    if flag:
                        ids[pattern].append(pk)
            for pattern in missing:
                found[pattern] = self.remember(("text", pattern), self.of_ids(ids[pattern]))
        return found

    def titled(self, pattern):
        """Guides whose title document has `pattern`."""
        found = self.remembered(("title", pattern))
        if found is None:
            has = map(contains, self.titles, repeat(pattern))  # in C, without a loop in Python
            found = self.remember(("title", pattern), bits_of(compress(count(), has)))
        return found

    def chosen(self, options):
        """The guides the filters' chosen `options` keep: {dimension: slugs}; within a
        dimension any slug, across dimensions all of them."""
        kept = self.everything
        for name, slugs in options.items():
            if slugs:
                kept &= reduce(or_, (self.by_option.get((name, slug), 0) for slug in slugs), 0)
        return kept

    def tally_rows(self, bits):
        """How many of the guides in `bits` each operator, region, channel and abroad value
        has together: ((operator, region, channel, abroad), count) pairs."""
        text = binary(bits)
        counts = Counter()
        for start, end, key in self.runs:
            found = text.count("1", start, end)
            if found:
                counts[key] += found
        return counts.items()


def snapshot_rows():
    """What the snapshot reads of each public guide, in one query; PostgreSQL reads the guides'
    part from the `guide_search_ranking` index alone, and joins the operator's, region's and
    channel's slugs and the guide facts that say "works from abroad"."""
    return (
        Guide.objects.public()
        .order_by()
        .rewrite(False)
        .annotate(abroad=works_from_abroad())
        .values_list(
            "region_order",
            "operator_order",
            "channel_order",
            "slug",
            "pk",
            "operator_id",
            "channel_id",
            "operator__slug",
            "operator__region__code",
            "channel__slug",
            "abroad",
            "search_title",
        )
    )


def snapshot():
    return kept_in_process("search-snapshot", GuideSnapshot.load, snapshots)


class Ranking(Sequence):
    """Guide ids, best first, read off groups of equal score only as far as a page needs."""

    def __init__(self, snapshot, groups):
        self.snapshot = snapshot
        self.groups = groups
        self.sizes = [group.bit_count() for group in groups]

    def __len__(self):
        return sum(self.sizes)

    def __iter__(self):
        for group in self.groups:
            yield from (self.snapshot.ids[position] for position in positions_of(group))

    def __getitem__(self, index):
        if not isinstance(index, slice):
            found = self[slice(index, index + 1 or None)]
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop, step = index.indices(len(self))
        if step != 1:
            return list(self)[index]
        ids, seen = [], 0
        for group, size in zip(self.groups, self.sizes, strict=True):
            if seen + size > start and seen < stop:
                positions = positions_of(group)[max(start - seen, 0) : stop - seen]
                ids += [self.snapshot.ids[position] for position in positions]
            seen += size
            if seen >= stop:
                break
        return ids


@dataclass
class Found:
    """The guides a search found (`bits`), and how to rank them (`planes`)."""

    snapshot: GuideSnapshot
    bits: int
    planes: list

    @property
    def count(self):
        return self.bits.bit_count()

    def tally_rows(self):
        return self.snapshot.tally_rows(self.bits)

    def ranked(self, options=None):
        """The guides found that the filters' chosen `options` keep, best first."""
        candidates = self.bits & self.snapshot.chosen(options or {})
        return Ranking(self.snapshot, descending(candidates, self.planes))


def find(plan, partial=False, guides=None):
    """The public guides that have every narrowing term of `plan` (with `partial`, at least
    one), as `Found`: ranked, with `partial`, by how many narrowing terms they have; then by
    where the terms are found (each `Place`'s weight); then in reading order. `guides`: the
    snapshot to search, if the caller has one (a second search of the same request)."""
    guides = guides or snapshot()
    if not plan.terms:
        return Found(guides, 0, [])
    narrowing = plan.narrowing
    places = {term: plan.places(term) for term in plan.terms}
    for term in plan.terms:
        if not (term.narrows or term in narrowing):
            # A word every guide is about counts by the title only (below): its text, which
            # nearly every guide has, is not read.
            places[term] = [place for place in places[term] if place.name == "title"]
    patterns = {
        pattern
        for term_places in places.values()
        for place in term_places
        if place.name == "text"
        for pattern in place.patterns
    }
    postings = guides.with_words(
        {word for pattern in patterns for word in search.words_to_find(pattern)}
    )
    postings.update(guides.with_texts(p for p in patterns if not search.words_to_find(p)))
    score = Scores()
    conditions = []
    for term in plan.terms:
        anywhere = in_title = 0
        for place in places[term]:
            bits = where(guides, place, postings)
            if place.name == "title":
                in_title |= bits
            else:  # the text has the title too
                anywhere |= bits
            if term.narrows:
                score.add(bits, place.weight)
        if not term.narrows:
            # A word every guide is about ("充值") only breaks ties, and by the title only: it
            # is in nearly every guide's text.
            score.add(in_title, 1)
        if term in narrowing:
            conditions.append(anywhere)
    if partial:
        found = Scores()
        for condition in conditions:
            found.add(condition, 1)
        matching = reduce(or_, conditions, 0)
        planes = found.most_significant_first + score.most_significant_first
    else:
        matching = reduce(lambda kept, condition: kept & condition, conditions, guides.everything)
        planes = score.most_significant_first
    return Found(guides, matching, planes)


def where(guides, place, postings):
    """The guides in which `place` has its term, as bits."""
    if place.name in ("operator", "region"):
        return reduce(or_, (guides.by_operator.get(pk, 0) for pk in place.operators), 0)
    if place.name == "channel":
        return reduce(or_, (guides.by_channel.get(pk, 0) for pk in place.channels), 0)
    if place.name == "title":
        return guides.titled(place.patterns[0])
    found = 0
    for pattern in place.patterns:
        words = search.words_to_find(pattern) or (pattern,)  # else looked for in the text
        found |= reduce(lambda kept, word: kept & postings[word], words, guides.everything)
    return found
