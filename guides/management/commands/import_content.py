"""Restore an export_content file into an empty database (or, with --replace, over one)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guides.editorial.backup import ImportRefused, import_content


class Command(BaseCommand):
    help = (
        "Import a file written by export_content. Refuses a database that already has content "
        "unless --replace is given. All or nothing: on any error nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="File to read, or - for standard input.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the content already in the database, then import. Export it first.",
        )

    def handle(self, *args, path, replace, **options):
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
            data = json.loads(text)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            counts, unknown_users = import_content(data, replace=replace)
        except ImportRefused as error:
            raise CommandError(str(error)) from error
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count}")
        if unknown_users:
            self.stdout.write(
                self.style.WARNING(
                    "No account here for "
                    + ", ".join(sorted(unknown_users))
                    + "; their guides keep the date they were verified, without the name."
                )
            )
        self.stdout.write(self.style.SUCCESS(f"Imported {sum(counts.values())} objects."))
