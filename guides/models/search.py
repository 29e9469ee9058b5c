"""Search rules: the editors' synonyms, the searches that found nothing, the index of words, and
what a term found in each field of a guide counts (`WEIGHTS`; `guides.models.search_plan` plans
a query, `guides.search.engine` finds the guides).

Ranking reads like a person would: a term found in the guide's operator or channel counts most,
then in its title, then its region, then its summary, body and steps. Operators, channels and
regions are few, so their names are matched in Python (`SearchPlan`), and a field names only
their ids.
"""

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    leads_to = models.ForeignKey(
        "guides.Guide",
        verbose_name=_("answer first"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "A guide that answers this search before any other: it is linked above the "
            "results while it is published, unless the search names another operator. E.g. "
            "for 境外, the Smart guide for readers in mainland China."
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
        if not reading.text_pattern(self.term):
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
                for word in sorted(reading.search_words(guide.search_text))
            ),
            batch_size=5000,
        )


class SearchWord(models.Model):
    """One word a guide has in its search document: the index search looks words up in.

    Comparing every guide's text with `LIKE` costs a pass over every row for each word a
    reader types, and a common word ("number", "余额") is in nearly every guide; looking it up
    here reads only the ids of the guides that have it, from the primary key's index. (Titles
    are short, and are compared in memory: `GuideSnapshot.guides_titled`.)
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
