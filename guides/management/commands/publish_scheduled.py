from django.core.management.base import BaseCommand

from guides.editorial.scheduling import publish_due


class Command(BaseCommand):
    help = (
        "Apply scheduled publications and withdrawals that are due. Safe to run every minute "
        "from cron on any server, and on several at once: each change is applied exactly once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-if-none",
            action="store_true",
            help="Print nothing when nothing was due (for cron mail).",
        )

    def handle(self, *args, quiet_if_none=False, **options):
        results = publish_due()
        for result in results:
            style = self.style.WARNING if result.refused else self.style.SUCCESS
            self.stdout.write(style(f"{result.change}: {result.outcome}"))
        if results or not quiet_if_none:
            self.stdout.write(f"{len(results)} scheduled change(s) applied or refused.")
