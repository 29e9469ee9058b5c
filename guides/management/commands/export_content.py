"""Write all editorial content, in both languages, to one JSON file (or standard output)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from guides.editorial.backup import ExportEncoder, export_content


class Command(BaseCommand):
    help = (
        "Export regions, operators, official contacts, channels, guides with their steps, "
        "safety notes and reader feedback, in every language, to one JSON file. "
        "Restore it with import_content. User accounts and change history are not included."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default="-", help="File to write (default: standard output)."
        )

    def handle(self, *args, path, **options):
        data = export_content()
        text = json.dumps(data, cls=ExportEncoder, ensure_ascii=False, indent=1) + "\n"
        if path == "-":
            self.stdout.write(text, ending="")
            return
        Path(path).write_text(text, encoding="utf-8")
        total = sum(data["counts"].values())
        # Progress goes to standard error, so that standard output stays pure JSON.
        sys.stderr.write(f"Exported {total} objects to {path}.\n")
