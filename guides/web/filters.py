"""The guide list's filters: operator, channel and region (each repeatable), "works from abroad"
(`abroad=1`), and a text search.

Readers arrive with hand-edited or stale links, so nothing in a query string may break the page:
unknown slugs are reported back as a message and ignored, over-long or malformed text is cut
down, and each option carries the number of guides it would show given the other filters.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count
from django.utils.translation import get_language, gettext

from ..caching.canonical import filter_values, search_text
from ..caching.content import cached_for_content
from ..models import Channel, Guide, Operator, Region, SearchPlan
from ..models.facts import works_from_abroad
from ..search import engine, snapshot

# The one option of the abroad filter: `abroad=1`.
ABROAD = "1"

MAX_QUERY_LENGTH = 200


@dataclass
class Option:
    slug: str
    label: str
    count: int = 0
    selected: bool = False
    group: str = ""


@dataclass
class Dimension:
    """One filter (say, operator): its options, the chosen slugs and the unknown ones."""

    param: str
    options: list
    chosen: list = field(default_factory=list)
    unknown: list = field(default_factory=list)

    @property
    def selected_options(self):
        return [option for option in self.options if option.selected]

    @property
    def offered_options(self):
        """The options worth offering: those that would list a guide, and the chosen ones (so
        they can be unticked). An option that leads to an empty list is left out, which also
        keeps the form short when there are hundreds of operators and a region is chosen."""
        return [option for option in self.options if option.count or option.selected]


class Choice(NamedTuple):
    """One option a filter offers, as shared by every list page: its slug in the address, its
    label in the active language, and the group it is shown in (an operator's region)."""

    slug: str
    label: str
    group: str = ""


def load_filter_choices():
    operators = Operator.objects.active().select_related("region")
    return {
        "region": [Choice(region.slug, str(region)) for region in Region.objects.all()],
        "operator": [
            Choice(operator.slug, operator.display_name, str(operator.region))
            for operator in operators.order_by("region__order", "order", "slug")
        ],
        "channel": [Choice(channel.slug, str(channel)) for channel in Channel.objects.all()],
        "abroad": [Choice(ABROAD, gettext("Works from abroad"))],
    }


def load_option_keys():
    """What the ids in a tally stand for: each active operator's slug and region, and each
    channel's slug."""
    operators = Operator.objects.active().values_list("pk", "slug", "region__code")
    return {
        "operator": {pk: (slug, code.lower()) for pk, slug, code in operators},
        "channel": dict(Channel.objects.values_list("pk", "slug")),
    }


class TallyRow(NamedTuple):
    """How many guides one operator has on one channel, by slug, that work from abroad
    (`abroad` is "1") or not ("0")."""

    operator: str
    region: str
    channel: str
    abroad: str
    count: int


TALLIED = snapshot.TALLIED


@dataclass(frozen=True)
class Tally:
    """How many of some guides each operator has on each channel, ready to count options with.

    `rows` by dimension and slug (an operator's rows, a region's, a channel's), and `totals`:
    each dimension's counts with no filter at all. Counting an option then reads only the rows
    of a chosen slug rather than every operator-and-channel pair, of which bulk content has
    thousands. A tally is shared by every request of a process (`cached_for_content`), so
    nothing here changes it once it is built.
    """

    rows: dict
    totals: dict

    @classmethod
    def of(cls, guides):
        """Of the guides of the queryset `guides`."""
        return cls.of_rows(cls.rows_of(guides))

    @classmethod
    def of_search(cls, found):
        """Of the guides a search found (`engine.Found`)."""
        return cls.of_rows(TallyRow(*key, n) for key, n in found.tally_rows())

    @staticmethod
    def rows_of(guides):
        """Grouped by id, which PostgreSQL reads from an index alone."""
        keys = cached_for_content("filter-option-keys", load_option_keys)
        # Plain tuples: no translated field here, so skip modeltranslation's per-row fallback.
        pairs = (
            guides.order_by()
            .rewrite(False)
            .annotate(abroad=works_from_abroad())
            .values_list("operator_id", "channel_id", "abroad")
            .annotate(n=Count("*"))
        )
        for operator_id, channel_id, abroad, n in pairs:
            # Not in the keys: added since they were read, and counted on the next request.
            if operator_id not in keys["operator"] or channel_id not in keys["channel"]:
                continue
            abroad = ABROAD if abroad else "0"
            yield TallyRow(*keys["operator"][operator_id], keys["channel"][channel_id], abroad, n)

    @classmethod
    def of_rows(cls, tally_rows):
        rows = {name: defaultdict(list) for name in TALLIED}
        totals = {name: Counter() for name in TALLIED}
        for row in tally_rows:
            for name in TALLIED:
                rows[name][getattr(row, name)].append(row)
                totals[name][getattr(row, name)] += row.count
        return cls({name: dict(by_slug) for name, by_slug in rows.items()}, totals)

    def counts(self, name, chosen):
        """Guides per slug of dimension `name`, keeping the other dimensions' `chosen` slugs."""
        others = {other: slugs for other, slugs in chosen.items() if other != name and slugs}
        if not others:
            return Counter(self.totals[name])
        # A row that counts passes every other filter, so reading the rows of one of them is
        # enough (those of the filter with the fewest); the other filters are checked row by row.
        rows_of = {
            other: [row for slug in slugs for row in self.rows[other].get(slug, ())]
            for other, slugs in others.items()
        }
        start = min(rows_of, key=lambda other: len(rows_of[other]))
        rows = rows_of.pop(start)
        for other in rows_of:
            rows = [row for row in rows if getattr(row, other) in others[other]]
        counts = Counter()
        for row in rows:
            counts[getattr(row, name)] += row.count
        return counts


def filter_choices():
    """The filters' options in the active language, as `Choice`s.

    They change only with the content, so every list page reads them from the cache (see
    guides.caching.content.cached_for_content) and saves three queries.
    """
    return cached_for_content(f"filter-choices:{get_language()}", load_filter_choices)


class GuideFilter:
    dimension_lookups = {
        "operator": "operator__slug",
        "channel": "channel__slug",
        "region": "operator__region__code",
    }

    def __init__(self, query):
        # Read as the page cache keys the page (`guides.caching.canonical`).
        text = search_text(query)
        self.query_text_was_cut = len(text) > MAX_QUERY_LENGTH
        self.q = text[:MAX_QUERY_LENGTH].strip()
        # The search, planned once; what it found (`engine.Found`), set by `count_options`.
        self.search_plan = SearchPlan.of(self.q) if self.q else SearchPlan()
        self.found = None
        self.dimensions = {
            name: Dimension(
                name, [Option(choice.slug, choice.label, group=choice.group) for choice in choices]
            )
            for name, choices in filter_choices().items()
        }
        for name, dimension in self.dimensions.items():
            known = {option.slug for option in dimension.options}
            for value in filter_values(query, name):
                (dimension.chosen if value in known else dimension.unknown).append(value)
            for option in dimension.options:
                option.selected = option.slug in dimension.chosen

    def _filtered(self, queryset):
        for name, dimension in self.dimensions.items():
            if name == "abroad":
                if dimension.chosen:
                    queryset = queryset.filter(works_from_abroad())
            elif dimension.chosen:
                values = dimension.chosen
                if name == "region":
                    values = [value.upper() for value in values]
                queryset = queryset.filter(**{f"{self.dimension_lookups[name]}__in": values})
        return queryset

    def guides(self):
        """The published guides these filters select: in reading order, or for a search, their
        ids best first (a `engine.Ranking`; call `count_options` first)."""
        if self.q:
            return self.found.ranked(
                {name: dimension.chosen for name, dimension in self.dimensions.items()}
            )
        return self._filtered(Guide.objects.public()).as_cards().in_reading_order()

    def count_options(self):
        """Count, for each option, the guides it would show with the other filters kept.

        For a search, the options count the guides it found (`engine.search`), once.
        """
        if self.q:
            self.found = engine.search(self.search_plan)
            tally = Tally.of_search(self.found)
        else:
            # The same for every list page without a search, so shared until the content changes.
            tally = cached_for_content("guide-tally", lambda: Tally.of(Guide.objects.public()))
        chosen = {name: set(dimension.chosen) for name, dimension in self.dimensions.items()}
        for name, dimension in self.dimensions.items():
            counts = tally.counts(name, chosen)
            for option in dimension.options:
                option.count = counts[option.slug]

    @property
    def missed(self):
        """Whether no guide has every word of the search (call `count_options` first)."""
        return bool(self.found and self.found.missed)

    @property
    def partial(self):
        """Whether the list shows the guides with the most of the search's words instead."""
        return bool(self.found and self.found.partial)

    def total(self):
        """How many guides match every filter, from the counts (call `count_options` first).

        Each guide belongs to exactly one region, and the region counts apply every other
        filter, so the chosen regions' counts (or all of them) add up to the total.
        """
        regions = self.dimensions["region"]
        return sum(
            option.count for option in regions.options if option.selected or not regions.chosen
        )

    def removal_links(self, query):
        """For each active filter, its label and the query string without it."""
        links = []
        for name, dimension in self.dimensions.items():
            for option in dimension.selected_options:
                remaining = query.copy()
                remaining.setlist(
                    name, [value for value in filter_values(query, name) if value != option.slug]
                )
                remaining.pop("page", None)
                links.append((option.label, remaining.urlencode()))
        if self.q:
            remaining = query.copy()
            remaining.pop("q", None)
            remaining.pop("page", None)
            links.append((f"“{self.q}”", remaining.urlencode()))
        return links

    @property
    def unknown(self):
        return {name: d.unknown for name, d in self.dimensions.items() if d.unknown}

    @property
    def chosen_count(self):
        """How many filter values are chosen, in all dimensions."""
        return sum(len(d.chosen) for d in self.dimensions.values())

    @property
    def has_chosen_options(self):
        """Whether a filter other than the search is set (one could be removed)."""
        return any(d.chosen for d in self.dimensions.values())

    @property
    def is_active(self):
        return bool(self.q) or self.has_chosen_options

    def __getitem__(self, name):
        return self.dimensions[name]
