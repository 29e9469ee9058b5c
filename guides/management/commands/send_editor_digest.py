from django.core.management.base import BaseCommand

from guides.editorial.digest import send_digests


class Command(BaseCommand):
    help = (
        "E-mail each active editor (the Editors group) a digest of what needs them, in their "
        "language. Nothing is sent when there is nothing to say, to editors who turned it off, "
        "or to one who had a digest in the last six days (so re-running is safe)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Send even if a digest went out this week."
        )

    def handle(self, *args, force=False, **options):
        sent, skipped = send_digests(force=force)
        for user in sent:
            self.stdout.write(f"Sent to {user.get_username()} <{user.email}>")
        self.stdout.write(f"{len(sent)} digest(s) sent, {len(skipped)} editor(s) skipped.")
