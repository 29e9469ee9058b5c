"""Search answered in this process: which public guides a `SearchPlan` finds, in what order, and
how many each filter option would show.

Why not in SQL: with thousands of guides a reader's common words ("number", "余额", and the
synonyms they stand for) are in most of them, so finding and ranking them in SQL costs a
condition per guide for every place each term may be found in, once to count the filter options
and once to rank. Measured on 20,000 guides on PostgreSQL (2026-12-02), "keep my number" took
240 ms of SQL that way, of which only a few milliseconds read the index of words.

Here the guides are a snapshot in reading order (`guides.search.snapshot`), and each place a term
may be found in is a set of them as bits (`guides.search.bitsets`): "has every word", "has any
pattern" and "on these channels" are `&` and `|` over all guides at once. Scores are counted in
bit planes, and a page of results is read off the groups of guides with equal scores, highest
first, each already in reading order (`Ranking`).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_

from . import reading
from .bitsets import Scores, descending, positions_of
from .snapshot import GuideSnapshot, snapshot


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
    where the terms are found (each `Place`'s weight); then in reading order. A plan whose reader
    is away from home (`SearchPlan.away_operators`) finds those operators' guides that work from
    abroad instead, ranked first by whether they have every narrowing term, then by whether they
    are on a roaming channel. `guides`: the snapshot to search, if the caller has one (a second
    search of the same request)."""
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
        {word for pattern in patterns for word in reading.words_to_find(pattern)}
    )
    postings.update(guides.with_texts(p for p in patterns if not reading.words_to_find(p)))
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
    if plan.away_operators:
        # The reader is away from these operators' region: their guides that work from abroad
        # are the answer, those with every word first, then the roaming ones.
        away = away_from_home(guides, plan)
        roaming = reduce(or_, (guides.by_channel.get(pk, 0) for pk in plan.roaming_channels), 0)
        planes = [matching & away, roaming, *planes]
        matching = away
    return Found(guides, matching, planes)


def away_from_home(guides, plan):
    """The guides of the operators the reader is away from that work from abroad; all of those
    operators' guides if none does (the reader still needs them)."""
    theirs = reduce(or_, (guides.by_operator.get(pk, 0) for pk in plan.away_operators), 0)
    return theirs & guides.by_option.get(("abroad", "1"), 0) or theirs


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
        words = reading.words_to_find(pattern) or (pattern,)  # else looked for in the text
        found |= reduce(lambda kept, word: kept & postings[word], words, guides.everything)
    return found
