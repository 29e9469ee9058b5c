"""A reader's query planned against the content, once: the editors' synonyms and place words
(`thesaurus`), the operators', channels' and regions' names (`vocabulary`), and the plan the
search engine evaluates (`SearchPlan`: its terms, and the `Field`s each may be found in)."""

from dataclasses import dataclass, field

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
        # Each of an operator's names whole, as a text pattern (`reading.text_pattern`): the
        # words that are its name, rather than found inside it.
        "operator_names": {
            op.pk: {reading.text_pattern(getattr(op, name)) for name in names} - {""}
            for op in operators
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
    """The operators', channels' and regions' names, shared until the content next changes."""
    return cached_for_content("search-vocabulary", load_vocabulary)


def ids_matching(documents, text_patterns):
    return tuple(
        sorted(pk for pk, text in documents.items() if any(p in text for p in text_patterns))
    )


@dataclass(frozen=True)
class Field:
    """Where in a guide a term may be found, and so how much finding it there counts
    (`WEIGHTS[name]`): among the guides of `operators` (for an operator or region), on
    `channels`, or for the title and text, in their stored documents: the title has
    `text_patterns[0]`, the text has any of `text_patterns`. `guides.search.engine` tells which
    guides are there."""

    name: str
    operators: tuple = ()
    channels: tuple = ()
    text_patterns: tuple = ()

    @property
    def weight(self):
        return WEIGHTS[self.name]


@dataclass(frozen=True)
class SearchPlan:
    """A reader's query as the search engine evaluates it (`guides.search.engine.search`), read
    once, with the names of the operators, channels and regions of the content it was read
    against.

    `terms`: what the reader asked for, in the order typed (a place word read as where the
    reader is is not one of them). `required_terms`: those a guide must have (all of them, or
    with `partial` at least one). `fields`: for each term, where it may be found. `away_operators`:
    the operators the reader said they are away from, and `place_word`, the place word that said
    so (see `where_the_reader_is`); the search then keeps their guides that work from abroad,
    those on `roaming_channels` first. `named_operators`: the operators the terms name.
    """

    terms: tuple = ()
    required_terms: tuple = ()
    fields: dict = field(default_factory=dict)
    away_operators: tuple = ()
    place_word: str = ""
    roaming_channels: tuple = ()
    named_operators: frozenset = frozenset()

    @classmethod
    def of(cls, query):
        """The plan of the search `query` (what the reader typed)."""
        terms = reading.parse(query, thesaurus())
        if not terms:
            return cls()
        return cls.planned(terms, vocabulary(), reading.document(query))

    @classmethod
    def planned(cls, terms, vocabulary, query_document):
        """The plan of `terms`, the query's as parsed; `query_document`: the query as a stored
        document would have it, to tell which operators it names in full."""
        operators = {term: operators_named(term, vocabulary, query_document) for term in terms}
        terms, away_operators, place_word = where_the_reader_is(terms, operators, vocabulary)
        required = [term for term in terms if term.narrows] or terms
        return cls(
            terms=tuple(terms),
            required_terms=tuple(required),
            fields={
                term: fields_of(term, operators[term], vocabulary, reads_text=term in required)
                for term in terms
            },
            away_operators=away_operators,
            place_word=place_word,
            roaming_channels=vocabulary["roaming_channels"],
            named_operators=frozenset(pk for term in terms for pk in operators[term]),
        )

    @property
    def safety_terms(self):
        """The terms that lead to the safety notes first (scam and registration words)."""
        return [term for term in self.terms if term.is_about_safety]


def operators_named(term, vocabulary, query_document):
    """The operators whose names have `term`; but of those it is not the whole name of (电信 in
    "Globe 电信"), only the ones the query (as `query_document`) names in full, when it is the
    whole name of another ("电信" is China Telecom's): a word inside a name does not make that
    operator a match when the reader means one whose name it is."""
    found = ids_matching(vocabulary["operator"], term.text_patterns)
    whole_names = vocabulary["operator_names"]
    closest = tuple(
        pk
        for pk in found
        if whole_names[pk] & set(term.text_patterns)
        or any(name in query_document for name in whole_names[pk])
    )
    return closest or found


def where_the_reader_is(terms, operators, vocabulary):
    """`terms` with their place word read as where the reader is, if it says so: the other
    terms, the operators the reader is away from, and the place word ("" if none).

    A place word ("in China", "在大陆", "abroad") is where the reader is when the query also
    names an operator of another region (or any operator, for "abroad"): "load Smart in China"
    asks for Smart's guides that work from abroad, not China's operators. Otherwise it is read
    as its meaning, as any synonym ("China Mobile in China"). `operators`: the operators each
    term names (`operators_named`).
    """
    place_word = next((term for term in terms if term.is_place_word), None)
    if place_word is None:
        return terms, (), ""
    others = [term for term in terms if term is not place_word]
    region_of = vocabulary["operator_region"]
    named = {pk for term in others for pk in operators[term]}
    away = tuple(
        sorted(
            pk for pk in named if place_word.region is None or region_of[pk] != place_word.region
        )
    )
    if not away:
        return terms, (), ""
    return others, away, place_word.text


def fields_of(term, operators, vocabulary, reads_text=True):
    """Where `term` may be found, as `Field`s; `operators`: those it names (`operators_named`).

    The title has one field per text pattern, so a title with more of a term's words ranks
    higher; so has the text (which has the title too) for a term found only there. A term
    that neither narrows nor is required (a word every guide is about, "充值") is looked for
    in the title only (`reads_text` false): nearly every guide's text has it.
    """
    channels = ids_matching(vocabulary["channel"], term.text_patterns)
    regions = ids_matching(vocabulary["region"], term.text_patterns)
    in_region = tuple(
        pk for pk, region in vocabulary["operator_region"].items() if region in regions
    )
    fields = []
    if operators:
        fields.append(Field("operator", operators=operators))
    if channels:
        fields.append(Field("channel", channels=channels))
    if in_region:
        fields.append(Field("region", operators=in_region))
    titles = [Field("title", text_patterns=(pattern,)) for pattern in term.text_patterns]
    if not (term.narrows or reads_text):
        return tuple(titles)
    fields += titles
    if in_region and not channels:
        # A region's name ("菲律宾", "hong kong", also in "China Mobile Hong Kong") finds
        # that region's guides, through their operators, and the text is not read: a region
        # can hold a third of the guides.
        return tuple(fields)
    if fields[0].name != "title":
        # A term that names an operator, channel or region can find thousands of guides;
        # the text then counts once, whichever of the term's text patterns it has.
        fields.append(Field("text", text_patterns=term.text_patterns))
    else:
        # A term found in text only ("没到账": 到账, refund, 退款) counts each text pattern a
        # guide has: the one with the refund rule beats the one that says "check it arrived".
        fields += [Field("text", text_patterns=(pattern,)) for pattern in term.text_patterns]
    return tuple(fields)
