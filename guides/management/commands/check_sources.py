from django.core.management.base import BaseCommand

from guides.editorial.source_checks import check_sources
from guides.models import SourceCheck


class Command(BaseCommand):
    help = (
        "Request every source page the content cites (a few at a time, each within a deadline) "
        "and record whether it works, is broken or has moved to another site. Safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, help="Requests at once (default: setting).")
        parser.add_argument(
            "--timeout",
            type=float,
            help="Seconds to check each source, redirects included (default: setting).",
        )

    def handle(self, *args, workers=None, timeout=None, **options):
        checks = check_sources(workers=workers, timeout=timeout)
        problems = [check for check in checks if check.result != SourceCheck.Result.OK]
        for check in problems:
            self.stdout.write(self.style.WARNING(f"{check.item}: {check.url}: {check.summary()}"))
        self.stdout.write(f"{len(checks)} source(s) checked, {len(problems)} broken or moved.")
