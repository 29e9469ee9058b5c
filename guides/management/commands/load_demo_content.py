"""Load the bilingual demo content from `guides/demo/*.json`. Safe to run again and again: it
creates what is missing and never undoes an editor's change (`make run` runs it at every start).
"""

import datetime
import json
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from guides.editorial.demo_guides import GuideLoading
from guides.editorial.demo_records import (
    LOADER_CHANGE_REASON,
    as_date,
    describe,
    translated,
)
from guides.models import (
    Authority,
    Channel,
    Guide,
    GuideFact,
    OfficialContact,
    Operator,
    PaymentProvider,
    PaymentProviderContact,
    Region,
    SafetyNote,
    ScamEntry,
    ScheduledChange,
    SearchSynonym,
    SourceCheck,
)

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"


__all__ = ["DEMO_DIR", "LOADER_CHANGE_REASON", "Command"]


class Loader(GuideLoading):
    """The demo files' content, each kind by its own method (`RecordLoading` says what is
    created, changed or left alone)."""

    def load(self, data):
        for item in data.get("regions", []):
            region = self.upsert(
                Region,
                {"code": item["code"]},
                {
                    **translated("name", item["name"]),
                    **translated("anti_fraud_contact", item.get("anti_fraud_contact")),
                    "calling_code": item.get("calling_code", ""),
                    "order": item.get("order", 0),
                },
            )
            for order, authority in enumerate(item.get("authorities", []), start=1):
                self.load_contact(
                    Authority,
                    {"region": region},
                    authority,
                    order,
                    role=authority["role"],
                    **translated("name", authority["name"]),
                )
        for item in data.get("channels", []):
            self.upsert(
                Channel,
                {"slug": item["slug"]},
                {
                    "kind": item["kind"],
                    **translated("name", item["name"]),
                    **translated("description", item.get("description")),
                    "order": item.get("order", 0),
                },
            )
        for item in data.get("operators", []):
            self.load_operator(item)
        for item in data.get("payment_providers", []):
            self.load_provider(item)
        for item in data.get("scam_register", []):
            self.load_scam_entry(item)
        for item in data.get("guides", []):
            self.load_guide(item)
        for item in data.get("safety_notes", []):
            self.load_safety_note(item)
        for item in data.get("search_synonyms", []):
            self.load_search_synonym(item)
        for item in data.get("scheduled_changes", []):
            self.load_scheduled_change(item)
        for item in data.get("source_checks", []):
            self.load_source_check(item)
        for slug, provider in data.get("guide_payment_providers", {}).items():
            self.load_guide_provider(slug, provider)
        for item in data.get("guide_facts", []):
            for guide in Guide.objects.filter(slug__in=item["guides"]):
                self.load_fact(
                    GuideFact,
                    {"guide": guide, "topic": item["topic"]},
                    item,
                    works_from_abroad=item.get("works_from_abroad"),
                )
        for item in data.get("operator_facts", []):
            self.load_operator_facts(item)
        for item in data.get("problem_routes", []):
            self.load_problem_routes(item)

    def load_scheduled_change(self, item):
        """A change due `in_days` from the first load, once: one that has run is not missing."""
        guide = self.find(Guide, slug=item["guide"])
        if guide is not None and not guide.scheduled_changes.filter(action=item["action"]).exists():
            run_at = timezone.now() + datetime.timedelta(days=item["in_days"])
            ScheduledChange.objects.create(guide=guide, action=item["action"], run_at=run_at)
            self.created += 1

    def load_source_check(self, item):
        """A check result recorded as demo state; never one over a real check."""
        guide = self.find(Guide, slug=item["guide"])
        content_type = ContentType.objects.get_for_model(Guide)
        if guide is None:
            return
        if not SourceCheck.objects.filter(content_type=content_type, object_id=guide.pk).exists():
            SourceCheck.objects.create(
                content_type=content_type,
                object_id=guide.pk,
                url=guide.source_url,
                result=item["result"],
                status_code=item.get("status_code"),
                detail=item.get("detail", ""),
                checked_at=timezone.now(),
            )
            self.created += 1

    def load_operator(self, item):
        operator = self.upsert(
            Operator,
            {"slug": item["slug"]},
            {
                "region": Region.objects.get(code=item["region"]),
                **translated("name", item["name"]),
                **translated("short_name", item.get("short_name")),
                **translated("official_app_name", item.get("official_app_name")),
                "website": item.get("website", ""),
                "is_active": item.get("is_active", True),
                "order": item.get("order", 0),
            },
        )
        for order, contact in enumerate(item.get("contacts", []) if operator else [], start=1):
            self.load_contact(OfficialContact, {"operator": operator}, contact, order)

    def load_contact(self, model, owner, item, order, **fields):
        """A contact of `model` (any SourcedContact), found by its owner, kind and value."""
        probe = model(kind=item["kind"], value=item["value"])
        probe.normalise()
        return self.upsert(
            model,
            {**owner, "kind": probe.kind, "value": probe.value},
            {
                **translated("purpose", item["purpose"]),
                "source_url": item["source_url"],
                "source_kind": item["source_kind"],
                "source_year": item.get("source_year"),
                "verified_on": as_date(item["verified_on"]),
                "use": item.get("use", ""),
                "order": order,
                **fields,
            },
        )

    def load_provider(self, item):
        provider = self.upsert(
            PaymentProvider,
            {"slug": item["slug"]},
            {
                "region": Region.objects.get(code=item["region"]),
                **translated("name", item["name"]),
                "website": item.get("website", ""),
                "is_active": item.get("is_active", True),
                "order": item.get("order", 0),
            },
        )
        for order, contact in enumerate(item.get("contacts", []) if provider else [], start=1):
            self.load_contact(PaymentProviderContact, {"provider": provider}, contact, order)

    def load_scam_entry(self, item):
        probe = ScamEntry(kind=item["kind"], value=item["value"])
        probe.normalise()
        self.upsert(
            ScamEntry,
            {"kind": probe.kind, "value": probe.value},
            {
                "region": Region.objects.get(code=item["region"]),
                **translated("description", item.get("description")),
                "evidence": ScamEntry.Evidence.PUBLIC_ALERT,
                "evidence_url": item["evidence_url"],
                "first_seen": as_date(item["first_seen"]),
                "last_seen": as_date(item["last_seen"]),
            },
        )

    def load_safety_note(self, item):
        note = self.upsert(
            SafetyNote,
            {"slug": item["slug"]},
            {
                "topic": item["topic"],
                "severity": item.get("severity", SafetyNote.Severity.INFO),
                "applies_to_all": item.get("applies_to_all", False),
                "is_active": item.get("is_active", True),
                "order": item.get("order", 0),
                **translated("title", item["title"]),
                **translated("body", item["body"]),
            },
        )
        if note is None:
            return
        links = {
            "channels": set(Channel.objects.filter(slug__in=item.get("channels", []))),
            "operators": set(Operator.objects.filter(slug__in=item.get("operators", []))),
        }
        changed = {
            name: linked
            for name, linked in links.items()
            if set(getattr(note, name).all()) != linked
        }
        if not changed:
            return
        if not self.is_own(note):
            self.left_alone.append(describe(SafetyNote, {"slug": note.slug}))
            return
        for name, linked in changed.items():
            getattr(note, name).set(linked)
        if (SafetyNote, note.pk) not in self.fresh:
            # Links are not in the history; a version still says the loader changed the note.
            self.save(note)
            self.count_change(note)

    def load_search_synonym(self, item):
        self.upsert(
            SearchSynonym,
            {"term": item["term"]},
            {
                "meaning": item["meaning"],
                "narrows": item.get("narrows", True),
                "kind": item.get("kind", SearchSynonym.Kind.WORDS),
                "region": Region.objects.get(code=item["region"]) if "region" in item else None,
                "leads_to": self.find(Guide, slug=item["leads_to"]) if "leads_to" in item else None,
                "note": item.get("note", ""),
            },
        )


class Command(BaseCommand):
    help = (
        "Load the bilingual demo content: regions and their authorities, operators, payment "
        "providers, channels, guides, safety notes, the scam register, guide and operator facts, "
        "the routes when a top-up goes wrong and search synonyms; and, as editorial demo state, "
        "a scheduled withdrawal and a source-check result."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            default=str(DEMO_DIR),
            help="Folder of JSON files to load, in name order (default: guides/demo).",
        )

    def handle(self, *args, directory, **options):
        files = sorted(Path(directory).glob("*.json"))
        loader = Loader()
        # Every change is a model save or delete, whose signals make the cached pages stale.
        with transaction.atomic():
            for path in files:
                loader.load(json.loads(path.read_text(encoding="utf-8")))
        self.stdout.write(
            f"Demo content from {len(files)} files: "
            f"{loader.created} created, {loader.updated} updated."
        )
        if loader.left_alone:
            self.stdout.write(
                self.style.WARNING(
                    f"Left alone, as someone changed them since they were loaded (or nothing "
                    f"records who wrote them), where the demo files say otherwise: "
                    f"{len(loader.left_alone)}"
                )
            )
            for label in loader.left_alone:
                self.stdout.write(f"  {label}")
