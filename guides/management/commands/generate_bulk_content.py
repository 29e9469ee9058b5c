"""Generate bulk synthetic content for load tests: many operators and guides in both languages.

The generated operators are clearly fictional ("Bulk test operator 0001"), get no official
contacts (this project never invents a number), and all share the slug prefix `bulk-`, so
`--delete` removes them again. Never run this against a production database.

The guides' text is recombined from the demo guides (`guides/demo/*.json`) of the operator's
region by a seeded random generator, so the same `--seed` gives the same content: each title and
summary is a demo guide's, naming the bulk guide's operator instead of the demo one; a body joins
two demo bodies, and each step two demo steps. Chinese and English are drawn as pairs, so each
guide's two versions still say the same thing. Varied text keeps a benchmark on this content
honest: one text repeated 20,000 times would be rendered once and then served from each
process's Markdown memo, and would make every search match all guides or none. Drawing from
the operator's own region keeps searches as selective as in a real region: a mainland guide
never speaks of GCash.
"""

import datetime
import itertools
import json
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from guides.caching.content import bump_content_version
from guides.caching.purging import purge_after_commit
from guides.caching.tags import ALL_PAGES
from guides.management.commands.load_demo_content import DEMO_DIR
from guides.models import Channel, Guide, GuideStep, Operator, Region

PREFIX = "bulk-"
# Rows per INSERT: well under PostgreSQL's 65,535 parameters a statement, which server-side
# binding (site_config/settings.py) enforces.
BATCH = 1000
LANGUAGES = ("zh-hans", "en")
# Stands in the demo text for the operator a demo guide is about.
OPERATOR = "\x00operator\x00"


class DemoText:
    """One region's demo guides: their titles, summaries, bodies and steps as (Chinese, English)
    pairs, with their operator's names replaced by a placeholder."""

    def __init__(self):
        self.titles, self.summaries, self.bodies, self.steps = [], [], [], []

    @classmethod
    def by_region(cls, directory=DEMO_DIR):
        """{region code: DemoText} from the demo files."""
        files = [json.loads(path.read_text("utf-8")) for path in sorted(directory.glob("*.json"))]
        operators = {item["slug"]: item for data in files for item in data.get("operators", [])}
        regions = {}
        for data in files:
            for item in data.get("guides", []):
                operator = operators[item["operator"]]
                text = regions.setdefault(operator["region"], cls())
                text.titles.append(cls.pair(item["title"], operator))
                text.summaries.append(cls.pair(item["summary"], operator))
                if item.get("body"):
                    text.bodies.append(cls.pair(item["body"], operator))
                text.steps.extend(cls.pair(step, operator) for step in item["steps"])
        if not regions:
            raise CommandError(f"No demo guides in {directory} to draw text from.")
        return regions

    @staticmethod
    def pair(text, operator):
        """`text` in both languages, the operator's names (longest first) as the placeholder."""
        result = []
        for language in LANGUAGES:
            value = text.get(language, "")
            names = {operator[field].get(language) for field in ("name", "short_name")}
            for name in sorted(filter(None, names), key=len, reverse=True):
                value = value.replace(name, OPERATOR)
            result.append(value)
        return tuple(result)


class Command(BaseCommand):
    help = "Create (or with --delete remove) bulk test operators and guides for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--operators", type=int, default=200)
        parser.add_argument("--guides", type=int, default=20000)
        parser.add_argument("--steps", type=int, default=3, help="Steps per guide.")
        parser.add_argument(
            "--seed", type=int, default=0, help="Seed of the text: the same seed, the same text."
        )
        parser.add_argument("--delete", action="store_true", help="Remove bulk content only.")

    def handle(self, *args, operators, guides, steps, seed, delete, **options):
        with transaction.atomic():
            deleted = self.delete_bulk()
            if delete:
                self.stdout.write(f"Removed {deleted} bulk guides.")
            else:
                self.texts = DemoText.by_region()
                self.random = random.Random(seed)  # noqa: S311 - test content, not secrets
                self.create(operators, guides, steps)
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner ignores the indexes until autovacuum comes by; and
            # outside a transaction, a vacuum too, so the list's counts are read from the index.
            tables = "guides_guide, guides_guidestep, guides_operator, guides_searchword"
            with connection.cursor() as cursor:
                if connection.in_atomic_block:
                    cursor.execute(f"ANALYZE {tables}")
                else:
                    cursor.execute(f"VACUUM ANALYZE {tables}")
        bump_content_version()
        purge_after_commit({ALL_PAGES})

    def delete_bulk(self):
        bulk_guides = Guide.objects.filter(slug__startswith=PREFIX)
        count = bulk_guides.count()
        GuideStep.objects.filter(guide__in=bulk_guides).delete()
        bulk_guides.delete()
        Operator.objects.filter(slug__startswith=PREFIX).delete()
        return count

    def create(self, operator_count, guide_count, step_count):
        regions = list(Region.objects.all())
        channels = list(Channel.objects.all())
        if not regions or not channels:
            raise CommandError("Load the demo content first (manage.py load_demo_content).")
        # Only regions with demo guides to draw text from.
        regions = [region for region in regions if region.code in self.texts] or regions
        region_cycle = itertools.cycle(regions)
        operators = Operator.objects.bulk_create(
            Operator(
                region=next(region_cycle),
                slug=f"{PREFIX}operator-{number:04d}",
                name=f"批量测试运营商 {number:04d}",
                name_zh_hans=f"批量测试运营商 {number:04d}",
                name_en=f"Bulk test operator {number:04d}",
                short_name=f"批量 {number:04d}",
                short_name_zh_hans=f"批量 {number:04d}",
                short_name_en=f"Bulk {number:04d}",
                order=1000 + number,
            )
            for number in range(1, operator_count + 1)
        )
        now = timezone.now()
        today = timezone.localdate()
        pairs = itertools.cycle(itertools.product(operators, channels))
        created = 0
        while created < guide_count:
            batch = []
            for _ in range(min(BATCH, guide_count - created)):
                operator, channel = next(pairs)
                created += 1
                batch.append(self.guide(created, operator, channel, now, today))
            batch = Guide.objects.bulk_create(batch)
            GuideStep.objects.bulk_create(
                self.step(guide, order) for guide in batch for order in range(1, step_count + 1)
            )
        # bulk_create skips Guide.save, which keeps these copies and the search documents.
        Guide.objects.filter(slug__startswith=PREFIX).copy_reading_order()
        Guide.objects.filter(slug__startswith=PREFIX).refresh_search_documents()
        self.stdout.write(f"Created {operator_count} bulk operators and {guide_count} guides.")

    def draw(self, pairs, operator, count=1, separators=("", " ")):
        """`count` different pairs from `pairs`, joined, naming `operator`: (Chinese, English)."""
        chosen = self.random.sample(pairs, count)
        names = (operator.short_name_zh_hans, operator.short_name_en)
        return [
            separator.join(pair[index] for pair in chosen).replace(OPERATOR, name)
            for index, (separator, name) in enumerate(zip(separators, names, strict=True))
        ]

    def text(self, operator):
        """The demo text of the operator's region (of all regions' first, should it have none)."""
        return self.texts.get(operator.region.code) or next(iter(self.texts.values()))

    def step(self, guide, order):
        chinese, english = self.draw(self.text(guide.operator).steps, guide.operator, count=2)
        return GuideStep(
            guide=guide, order=order, text=chinese, text_zh_hans=chinese, text_en=english
        )

    def guide(self, number, operator, channel, now, today):
        text = self.text(operator)
        title_zh, title_en = self.draw(text.titles, operator)
        summary_zh, summary_en = self.draw(text.summaries, operator)
        body_zh, body_en = self.draw(text.bodies, operator, 2, separators=("\n\n", "\n\n"))
        # A region may have only a few bodies (Hong Kong's demo has three): a step of its own
        # makes each body say something of its own.
        note_zh, note_en = self.draw(text.steps, operator)
        body_zh, body_en = f"{body_zh}\n\n{note_zh}", f"{body_en}\n\n{note_en}"
        return Guide(
            slug=f"{PREFIX}guide-{number:05d}",
            operator=operator,
            channel=channel,
            title=title_zh,
            title_zh_hans=title_zh,
            title_en=title_en,
            summary_zh_hans=summary_zh,
            summary_en=summary_en,
            body_zh_hans=body_zh,
            body_en=body_en,
            status=Guide.Status.PUBLISHED,
            last_verified_on=today - datetime.timedelta(days=number % 200),
            published_at=now,
            announced_at=now - datetime.timedelta(seconds=number),
        )
