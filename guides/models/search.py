"""Search rules: the editors' synonyms, the searches that found nothing, the index of words, and
where each term of a query may be found (`SearchPlan`; `guides.search.engine` finds the guides).

Ranking reads like a person would: a term found in the guide's operator or channel counts most,
then in its title, then its region, then its summary, body and steps. Operators, channels and
regions are few, so their names are matched here, in Python, and a place names only their ids.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..caching.content import cached_for_content
from ..search import reading
from .text import CleanText

WEIGHTS = {"operator": 8, "channel": 6, "title": 4, "region": 2, "text": 1}
MAX_COUNTED_LENGTH = 100


class SearchSynonym(CleanText):
    class Kind(models.TextChoices):
        WORDS = reading.WORDS, _("Words to look for")
        PLACE = reading.PLACE, _("Where the reader is")
        SAFETY = reading.SAFETY, _("Leads to safety first")

    term = models.CharField(
        _("what readers type"),
        max_length=100,
        unique=True,
        help_text=_("A word or phrase in any language, e.g. 保号, OFW, smart卡, didn't arrive."),
    )
    meaning = models.CharField(
        _("what it means"),
        max_length=500,
        help_text=_(
            "Words and phrases to look for in guides instead, separated by commas, in both "
            "languages where they differ, e.g. 境外, 海外, abroad, roaming."
        ),
    )
    narrows = models.BooleanField(
        _("narrows the search"),
        default=True,
        help_text=_(
            "Untick for words every guide is about (充值, load, top up): they then only rank "
            "the guides that mention them first, and never leave a search empty."
        ),
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.WORDS,
        help_text=_(
            "“Where the reader is”: a place word (在中国, from Hong Kong, abroad). When the search "
            "also names an operator of another region, it shows that operator's guides that "
            "work from abroad, the roaming guide first; otherwise it is read as its meaning. "
            "“Leads to safety first”: scam and registration words (诈骗, 慢充, SIM registration); "
            "the results then start with the matching safety notes and the number checker."
        ),
    )
    region = models.ForeignKey(
        "guides.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "For a place word only: the region it names. Leave empty for “abroad” (outside "
            "the operator's own region, wherever that is)."
        ),
    )
    note = models.CharField(_("note for editors"), max_length=200, blank=True)

    class Meta:
        ordering = ["term"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return f"{self.term} → {self.meaning}"

    def save(self, *args, **kwargs):
        self.term = reading.normalise(self.term)
        super().save(*args, **kwargs)

    def clean(self):
        self.term = reading.normalise(self.term)
        if not reading.pattern(self.term):
            raise ValidationError({"term": _("Use at least one letter, digit or Chinese word.")})
        others = SearchSynonym.objects.exclude(pk=self.pk).filter(term=self.term)
        if others.exists():
            raise ValidationError({"term": _("This term already has a synonym.")})
        if self.region_id and self.kind != self.Kind.PLACE:
            raise ValidationError({"region": _("Only a place word names a region.")})


class MissedSearchQuerySet(models.QuerySet):
    def needing_attention(self):
        """Searches seen often enough to be worth an editor's time, and not dealt with yet."""
        return self.filter(times__gte=MissedSearch.SHOWN_AFTER, is_handled=False)

    def record(self, text, now=None):
        """Count one search that found nothing: the normalised query and when, nothing else.

        Nothing about the reader is kept: no address, cookie, language or page, and a query
        that may hold a phone number or an e-mail address (perhaps the reader's own) is not
        counted at all. Returns whether it was counted.

        Bounded, so that readers cannot grow the table without end: a query is its first
        `MAX_COUNTED_LENGTH` characters, one row each, counted up to `MissedSearch.MAX_TIMES`;
        and the table holds `MissedSearch.MAX_ROWS` queries at most. When it is full, the
        queries it holds are still counted and a new one is not (deleting dealt-with rows in
        the admin makes room). Two new queries counted at the very same moment may both pass
        the last free row.

        One statement, the same on SQLite and PostgreSQL (`INSERT … SELECT … ON CONFLICT DO
        UPDATE`), so that two readers counting the same search at once both count, and a search
        page costs the same number of queries the first time as the next.
        """
        query = reading.normalise(text)[:MAX_COUNTED_LENGTH]
        if not query or reading.may_name_a_person(query):
            return False
        now = now or timezone.now()
        connection = connections[self.db]
        table = connection.ops.quote_name(MissedSearch._meta.db_table)
        field = MissedSearch._meta.get_field
        stamp = field("last_seen").get_db_prep_save(now, connection)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (query, times, first_seen, last_seen, is_handled) "  # noqa: S608 - the table name is ours; values are parameters
                "SELECT %s, 1, %s, %s, %s "
                f"WHERE (SELECT COUNT(*) FROM {table}) < %s "
                f"OR EXISTS (SELECT 1 FROM {table} WHERE query = %s) "
                "ON CONFLICT (query) DO UPDATE "
                f"SET times = CASE WHEN {table}.times < %s THEN {table}.times + 1 "
                f"ELSE {table}.times END, last_seen = excluded.last_seen",
                [query, stamp, stamp, False, MissedSearch.MAX_ROWS, query, MissedSearch.MAX_TIMES],
            )
            return cursor.rowcount > 0


class MissedSearch(models.Model):
    """A search that found no guide with all its words, and how often readers made it."""

    SHOWN_AFTER = 3
    # The caps that keep readers from growing the table without end (see `record`): how many
    # queries it holds, and how far one query is counted.
    MAX_ROWS = 5000
    MAX_TIMES = 1_000_000

    query = models.CharField(_("search"), max_length=MAX_COUNTED_LENGTH, unique=True)
    times = models.PositiveIntegerField(_("times"), default=1)
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now)
    is_handled = models.BooleanField(
        _("dealt with"),
        default=False,
        help_text=_("Tick once a synonym or a guide answers it; it then leaves the index page."),
    )

    objects = MissedSearchQuerySet.as_manager()

    class Meta:
        ordering = ["-times", "query"]
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")

    def __str__(self):
        return self.query


class IdList(models.Aggregate):
    """The values of a group as one text, comma-separated: `GROUP_CONCAT` on SQLite,
    `STRING_AGG` on PostgreSQL. A common word has a row for most guides; one text per word
    costs far less to send and read than a row per guide."""

    function = "GROUP_CONCAT"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s::text, ',')",
            **extra_context,
        )


class SearchWordQuerySet(models.QuerySet):
    def guides_with(self, words):
        """(word, "id,id,...") for each of `words` that a guide has in its text: the ids of
        those guides, read from the primary key's index alone."""
        return (
            self.filter(word__in=words)
            .order_by()
            .values("word")
            .annotate(guides=IdList("guide_id"))
            .values_list("word", "guides")
        )

    def store(self, guides):
        """Write the search words of `guides` again, from their stored `search_text`."""
        guides = list(guides)
        self.filter(guide__in=[guide.pk for guide in guides]).delete()
        self.bulk_create(
            (
                SearchWord(guide_id=guide.pk, word=word)
                for guide in guides
                for word in sorted(reading.words(guide.search_text))
            ),
            batch_size=5000,
        )


class SearchWord(models.Model):
    """One word a guide has in its search document: the index search looks words up in.

    Comparing every guide's text with `LIKE` costs a pass over every row for each word a
    reader types, and a common word ("number", "余额") is in nearly every guide; looking it up
    here reads only the ids of the guides that have it, from the primary key's index. (Titles
    are short, and are compared in memory: `GuideSnapshot.titled`.)
    Kept by `Guide.save`, `Guide.refresh_search_documents` and its queryset twin, never by hand.
    """

    pk = models.CompositePrimaryKey("word", "guide")
    word = models.CharField(max_length=reading.MAX_WORD_LENGTH)
    guide = models.ForeignKey("guides.Guide", on_delete=models.CASCADE, related_name="+")

    objects = SearchWordQuerySet.as_manager()

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word


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
