"""A reader's query planned against the content: the editors' synonyms and place words
(`thesaurus`), the words the guides hold (`vocabulary`), and the plan the search engine
evaluates (`SearchPlan`, its `Place`s)."""

from dataclasses import dataclass
from functools import cached_property

from ..caching.content import cached_for_content
from ..search import reading
from .search import (
    WEIGHTS,
    SearchSynonym,
)


def load_thesaurus():
    rows = SearchSynonym.objects.values_list("term", "meaning", "narrows", "kind", "region_id")
    return reading.Thesaurus.of(list(rows))


def thesaurus():
    """The editors' synonyms, shared by every request until the content next changes."""
    return cached_for_content("search-thesaurus", load_thesaurus)


def load_vocabulary():
    """Each active operator, channel and region as a search document, by id."""
    from . import Channel, Operator, Region

    operators = Operator.objects.active()
    names = ("name_zh_hans", "name_en", "short_name_zh_hans", "short_name_en")
    regions = {
        region.pk: reading.document(region.name_zh_hans, region.name_en, region.code)
        for region in Region.objects.all()
    }
    return {
        "operator": {
            op.pk: reading.document(*(getattr(op, name) for name in names), op.slug)
            for op in operators
        },
        # Each of an operator's names whole, as a pattern (`reading.pattern`): the words that
        # are its name, rather than found inside it.
        "operator_names": {
            op.pk: {reading.pattern(getattr(op, name)) for name in names} - {""} for op in operators
        },
        "roaming_channels": tuple(
            Channel.objects.filter(kind=Channel.Kind.ROAMING_ESIM).values_list("pk", flat=True)
        ),
        "operator_region": dict(operators.values_list("pk", "region_id")),
        "region": regions,
        "channel": {
            channel.pk: reading.document(channel.name_zh_hans, channel.name_en, channel.slug)
            for channel in Channel.objects.all()
        },
    }


def vocabulary():
    return cached_for_content("search-vocabulary", load_vocabulary)


def ids_matching(documents, patterns):
    return tuple(sorted(pk for pk, text in documents.items() if any(p in text for p in patterns)))


@dataclass(frozen=True)
class Place:
    """Where a term may be found in a guide, and so how much finding it there counts
    (`WEIGHTS[name]`): among the guides of `operators` (for an operator or region), on
    `channels`, or for the title and text, in their documents: the title has `patterns[0]`,
    the text has any of `patterns`. `guides.search.engine` tells which guides are there."""

    name: str
    operators: tuple = ()
    channels: tuple = ()
    patterns: tuple = ()

    @property
    def weight(self):
        return WEIGHTS[self.name]


@dataclass
class SearchPlan:
    """A reader's query as places to look in, term by term (`guides.search.engine` finds and
    ranks the guides).

    `document`: the query as a search document, to tell which operators it names in full.
    `away_operators`: the operators the reader said they are away from (a place word, see
    `where_the_reader_is`); the search then keeps their guides that work from abroad, roaming
    ones first. `place`: the place word that said so, as the results page repeats it.
    """

    terms: list
    document: str = ""
    away_operators: tuple = ()
    place: str = ""

    @classmethod
    def of(cls, text):
        return cls(reading.parse(text, thesaurus()), reading.document(text)).where_the_reader_is()

    def where_the_reader_is(self):
        """The plan with its place word read as where the reader is, if it says so.

        A place word ("in China", "在大陆", "abroad") is where the reader is when the query also
        names an operator of another region (or any operator, for "abroad"): "load Smart in
        China" asks for Smart's guides that work from abroad, not China's operators. Otherwise
        it is read as its meaning, as any synonym ("China Mobile in China").
        """
        place = next((term for term in self.terms if term.is_place), None)
        if place is None:
            return self
        others = [term for term in self.terms if term is not place]
        region_of = self.names["operator_region"]
        named = {pk for term in others for pk in self.operators_named(term)}
        away = tuple(
            sorted(pk for pk in named if place.region is None or region_of[pk] != place.region)
        )
        if not away:
            return self
        return SearchPlan(others, self.document, away, place.text)

    @property
    def roaming_channels(self):
        return self.names["roaming_channels"]

    @property
    def safety_terms(self):
        """The terms that lead to the safety notes first (scam and registration words)."""
        return [term for term in self.terms if term.is_about_safety]

    @property
    def narrowing(self):
        """The terms a guide must have: those that narrow, or all if none does."""
        return [term for term in self.terms if term.narrows] or self.terms

    @cached_property
    def names(self):
        """The operators', channels' and regions' names, read once for the plan's terms."""
        return vocabulary()

    def operators_named(self, term):
        """The operators whose names have `term`; but of those it is not the whole name of (电信
        in "Globe 电信"), only the ones the query names in full, when it is the whole name of
        another ("电信" is China Telecom's): a word inside a name does not make that operator a
        match when the reader means one whose name it is."""
        found = ids_matching(self.names["operator"], term.patterns)
        names = self.names["operator_names"]
        closest = tuple(
            pk
            for pk in found
            if names[pk] & set(term.patterns) or any(name in self.document for name in names[pk])
        )
        return closest or found

    def places(self, term):
        """Where `term` may be found, as `Place`s.

        The title has one place per pattern, so a title with more of a term's words ranks
        higher; so has the text (which has the title too) for a term found only there.
        """
        words = self.names
        operators = self.operators_named(term)
        channels = ids_matching(words["channel"], term.patterns)
        regions = ids_matching(words["region"], term.patterns)
        in_region = tuple(
            pk for pk, region in words["operator_region"].items() if region in regions
        )
        places = []
        if operators:
            places.append(Place("operator", operators=operators))
        if channels:
            places.append(Place("channel", channels=channels))
        if in_region:
            places.append(Place("region", operators=in_region))
        places += [Place("title", patterns=(pattern,)) for pattern in term.patterns]
        if in_region and not channels:
            # A region's name ("菲律宾", "hong kong", also in "China Mobile Hong Kong") finds
            # that region's guides, through their operators, and the text is not read: a region
            # can hold a third of the guides.
            return places
        if places[0].name != "title":
            # A term that names an operator, channel or region can find thousands of guides;
            # the text then counts once, whichever of the term's patterns it has.
            places.append(Place("text", patterns=term.patterns))
        else:
            # A term found in text only ("没到账": 到账, refund, 退款) counts each pattern a
            # guide has: the one with the refund rule beats the one that says "check it arrived".
            places += [Place("text", patterns=(pattern,)) for pattern in term.patterns]
        return places
