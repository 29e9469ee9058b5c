"""Search answered in this process: which public guides a `SearchPlan` finds (`search`), in what
order, and how many each filter option would show.

Why not in SQL: with thousands of guides a reader's common words ("number", "余额", and the
synonyms they stand for) are in most of them, so finding and ranking them in SQL costs a
condition per guide for every place each term may be found in, once to count the filter options
and once to rank. Measured on 20,000 guides on PostgreSQL (2026-12-02), "keep my number" took
240 ms of SQL that way, of which only a few milliseconds read the index of words.

Here the guides are a snapshot in reading order (`guides.search.snapshot`), and each field a term
may be found in is a set of them as bits (`guides.search.bitsets`): "has every word", "has any
text pattern" and "on these channels" are `&` and `|` over all guides at once. Scores are counted in
bit planes, and a page of results is read off the groups of guides with equal scores, highest
first, each already in reading order (`Ranking`).
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import reduce
from operator import or_

from . import reading
from .bitsets import Scores, descending, positions_of
from .snapshot import GuideSnapshot
from .snapshot import snapshot as current_snapshot


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
    """The guides a search found (`bits`), and how to rank them (`planes`). `missed`: no guide
    has every required term; `partial`: the guides found have at least one instead."""

    snapshot: GuideSnapshot
    bits: int
    planes: list
    missed: bool = False
    partial: bool = False

    @property
    def count(self):
        return self.bits.bit_count()

    def tally_rows(self):
        return self.snapshot.tally_rows(self.bits)

    def ranked(self, options=None):
        """The guides found that the filters' chosen `options` keep, best first."""
        candidates = self.bits & self.snapshot.chosen(options or {})
        return Ranking(self.snapshot, descending(candidates, self.planes))


def search(plan):
    """The public guides that answer `plan`, as `Found`: those with every required term; if no
    guide has them all and the plan has more than one, those with at least one (`partial`)."""
    snapshot = current_snapshot()
    found = find(plan, snapshot)
    if found.count:
        return found
    if len(plan.required_terms) > 1:
        return replace(find(plan, snapshot, partial=True), missed=True, partial=True)
    return replace(found, missed=True)


def find(plan, snapshot, partial=False):
    """The guides of `snapshot` that have every required term of `plan` (with `partial`, at
    least one), as `Found`: ranked, with `partial`, by how many required terms they have; then
    by where the terms are found (each `Field`'s weight); then in reading order. A plan whose
    reader is away from home (`SearchPlan.away_operators`) finds those operators' guides that
    work from abroad instead, ranked first by whether they have every required term, then by
    whether they are on a roaming channel."""
    if not plan.terms:
        return Found(snapshot, 0, [])
    guides_with = guides_with_text_of(plan, snapshot)
    score = Scores()
    conditions = []
    for term in plan.terms:
        anywhere = in_title = 0
        for field in plan.fields[term]:
            bits = guides_in(field, snapshot, guides_with)
            if field.name == "title":
                in_title |= bits
            else:  # the text has the title too
                anywhere |= bits
            if term.narrows:
                score.add(bits, field.weight)
        if not term.narrows:
            # A word every guide is about ("充值") only breaks ties, and by the title only: it
            # is in nearly every guide's text.
            score.add(in_title, 1)
        if term in plan.required_terms:
            conditions.append(anywhere)
    if partial:
        terms_had = Scores()
        for condition in conditions:
            terms_had.add(condition, 1)
        matching = reduce(or_, conditions, 0)
        planes = terms_had.most_significant_first + score.most_significant_first
    else:
        matching = reduce(lambda kept, condition: kept & condition, conditions, snapshot.everything)
        planes = score.most_significant_first
    if plan.away_operators:
        # The reader is away from these operators' region: their guides that work from abroad
        # are the answer, those with every word first, then the roaming ones.
        away = away_from_home(snapshot, plan)
        roaming = reduce(or_, (snapshot.by_channel.get(pk, 0) for pk in plan.roaming_channels), 0)
        planes = [matching & away, roaming, *planes]
        matching = away
    return Found(snapshot, matching, planes)


def guides_with_text_of(plan, snapshot):
    """The guides with each search word of the plan's text fields, and with each of their text
    patterns too short to have one ("卡"), as bits, by word or pattern."""
    text_patterns = {
        pattern
        for fields in plan.fields.values()
        for field in fields
        if field.name == "text"
        for pattern in field.text_patterns
    }
    guides_with = snapshot.guides_with_words(
        {word for pattern in text_patterns for word in reading.words_to_find(pattern)}
    )
    guides_with.update(
        snapshot.guides_with_text(p for p in text_patterns if not reading.words_to_find(p))
    )
    return guides_with


def away_from_home(snapshot, plan):
    """The guides of the operators the reader is away from that work from abroad; all of those
    operators' guides if none does (the reader still needs them)."""
    theirs = reduce(or_, (snapshot.by_operator.get(pk, 0) for pk in plan.away_operators), 0)
    return theirs & snapshot.by_option.get(("abroad", "1"), 0) or theirs


def guides_in(field, snapshot, guides_with):
    """The guides in which `field` has its term, as bits; `guides_with`: the guides with each
    search word (`guides_with_text_of`)."""
    if field.name in ("operator", "region"):
        return reduce(or_, (snapshot.by_operator.get(pk, 0) for pk in field.operators), 0)
    if field.name == "channel":
        return reduce(or_, (snapshot.by_channel.get(pk, 0) for pk in field.channels), 0)
    if field.name == "title":
        return snapshot.guides_titled(field.text_patterns[0])
    found = 0
    for pattern in field.text_patterns:
        words = reading.words_to_find(pattern) or (pattern,)  # else looked for in the text
        found |= reduce(lambda kept, word: kept & guides_with[word], words, snapshot.everything)
    return found
