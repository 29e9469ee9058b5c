"""Generate bulk synthetic content for load tests: many operators and guides in both languages.

The generated operators are clearly fictional ("Bulk test operator 0001"), get no official
contacts (this project never invents a number), and all share the slug prefix `bulk-`, so
`--delete` removes them again. Never run this against a production database.
"""

import datetime
import itertools

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from guides.cache import bump_content_version
from guides.models import Channel, Guide, GuideStep, Operator, Region

PREFIX = "bulk-"
# Rows per INSERT: well under PostgreSQL's 65,535 parameters a statement, which server-side
# binding (site_config/settings.py) enforces.
BATCH = 1000


class Command(BaseCommand):
    help = "Create (or with --delete remove) bulk test operators and guides for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--operators", type=int, default=200)
        parser.add_argument("--guides", type=int, default=20000)
        parser.add_argument("--steps", type=int, default=3, help="Steps per guide.")
        parser.add_argument("--delete", action="store_true", help="Remove bulk content only.")

    def handle(self, *args, operators, guides, steps, delete, **options):
        with transaction.atomic():
            deleted = self.delete_bulk()
            if delete:
                self.stdout.write(f"Removed {deleted} bulk guides.")
            else:
                self.create(operators, guides, steps)
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner ignores the indexes until autovacuum comes by; and
            # outside a transaction, a vacuum too, so the list's counts are read from the index.
            tables = "guides_guide, guides_guidestep, guides_operator"
            with connection.cursor() as cursor:
                if connection.in_atomic_block:
                    cursor.execute(f"ANALYZE {tables}")
                else:
                    cursor.execute(f"VACUUM ANALYZE {tables}")
        bump_content_version()

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
        region_cycle = itertools.cycle(regions)
        operators = Operator.objects.bulk_create(
            Operator(
                region=next(region_cycle),
                slug=f"{PREFIX}operator-{number:04d}",
                name=f"批量测试运营商 {number:04d}",
                name_zh_hans=f"批量测试运营商 {number:04d}",
                name_en=f"Bulk test operator {number:04d}",
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

    @staticmethod
    def step(guide, order):
        chinese = f"第 {order} 步：打开{guide.channel.name_zh_hans}，核对号码后付款。"
        return GuideStep(
            guide=guide,
            order=order,
            text=chinese,
            text_zh_hans=chinese,
            text_en=f"Step {order}: open {guide.channel.name_en}, check the number, pay.",
        )

    @staticmethod
    def guide(number, operator, channel, now, today):
        zh_title = f"{operator.name_zh_hans}：通过{channel.name_zh_hans}充值（{number}）"
        return Guide(
            slug=f"{PREFIX}guide-{number:05d}",
            operator=operator,
            channel=channel,
            title=zh_title,
            title_zh_hans=zh_title,
            title_en=f"{operator.name_en}: top up with {channel.name_en} ({number})",
            summary_zh_hans=f"批量测试指南 {number}，用于性能测试。",
            summary_en=f"Bulk test guide {number}, for load tests.",
            body_zh_hans="付款前核对号码，保留凭证。",
            body_en="Check the number before you pay and keep the receipt.",
            status=Guide.Status.PUBLISHED,
            last_verified_on=today - datetime.timedelta(days=number % 200),
            published_at=now,
            announced_at=now - datetime.timedelta(seconds=number),
        )
