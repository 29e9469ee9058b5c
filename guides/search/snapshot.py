"""The public guides as search reads them, kept in each process for the current content
version (`kept_in_process`; a content change on any server retires it, as it retires pages).

`GuideSnapshot` holds each public guide's id, operator, channel, "works from abroad" and title
document, by *position*: its place in reading order (region, operator, channel, slug), which is
also how guides with the same score are ordered. It loads in one query (for 20,000 guides on
PostgreSQL, about 130 ms and 9 MB). For each word, title phrase or lone character looked up
since, it remembers the guides that have it as bits (`guides.search.bitsets`; least recently used
out); a word's guides are read from the index of words (`SearchWord`), many words in one query.
"""

import threading
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field
from functools import reduce
from itertools import repeat
from operator import contains, or_

from django.db.models import BooleanField, ExpressionWrapper, Q

from ..caching.content import LOCAL_SECONDS, LocalValues, kept_in_process
from ..models import Guide, SearchWord
from ..models.facts import works_from_abroad
from .bitsets import binary, bits_of, bits_of_ranges, bits_of_truths, flags_to_bits, set_all

# One snapshot per process. It is read again after a content change, or after this long: a
# change saved while the cache was unreachable bumped no version.
snapshots = LocalValues(size=1, seconds=10 * LOCAL_SECONDS)
# How many words, title patterns and characters a snapshot keeps the guides of (a few KB each).
DERIVED_ENTRIES = 4096
# The filters' dimensions, in the order a tally key holds them.
TALLIED = ("operator", "region", "channel", "abroad")


@dataclass
class GuideSnapshot:
    """The public guides, by position (reading order), as search needs them."""

    ids: tuple
    positions: dict
    # Guides by operator id and channel id (what a `Field` names), and by the filters' slugs.
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

    def guides_with_words(self, words):
        """Each of the search `words` with the guides that have it in their text, as bits; the
        words not remembered are read from the index of words in one query."""
        found = {word: self.remembered(("word", word)) for word in words}
        missing = [word for word, bits in found.items() if bits is None]
        if missing:
            for word, guide_ids in SearchWord.objects.guides_with(missing):
                found[word] = self.of_id_list(guide_ids)
            for word in missing:
                found[word] = self.remember(("word", word), found[word] or 0)
        return found

    def guides_with_text(self, patterns):
        """Each of the text `patterns` with the guides whose text has it anywhere, as bits: for
        patterns too short to have search words ("卡"), read from the stored documents, all of
        them in one pass over the guides."""
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

    def guides_titled(self, pattern):
        """The guides whose title document has the text `pattern`, as bits."""
        found = self.remembered(("title", pattern))
        if found is None:
            has = map(contains, self.titles, repeat(pattern))  # in C, without a loop in Python
            found = self.remember(("title", pattern), bits_of_truths(has))
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
