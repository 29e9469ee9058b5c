"""Load the bilingual demo content from `guides/demo/*.json`. Safe to run again and again."""

import datetime
import json
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from guides.cache import bump_content_version
from guides.models import (
    Authority,
    Channel,
    Guide,
    GuideFact,
    GuideStep,
    OfficialContact,
    Operator,
    OperatorFact,
    PaymentProvider,
    PaymentProviderContact,
    ProblemRoute,
    Region,
    SafetyNote,
    ScamEntry,
    ScheduledChange,
    SearchSynonym,
    SourceCheck,
)

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
LANGUAGES = {"zh-hans": "zh_hans", "en": "en"}


def translated(field, values):
    """`("title", {"zh-hans": "…", "en": "…"})` -> `{"title_zh_hans": "…", "title_en": "…"}`."""
    values = values or {}
    return {f"{field}_{suffix}": values.get(language, "") for language, suffix in LANGUAGES.items()}


def as_date(value):
    return datetime.date.fromisoformat(value) if value else None


class Loader:
    """Creates or updates each object by its natural key, and counts what really changed."""

    def __init__(self):
        self.created = 0
        self.updated = 0

    def upsert(self, model, lookup, fields):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **fields)
            obj.full_clean()
            obj.save()
            self.created += 1
            return obj
        changed = [name for name, value in fields.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, fields[name])
            obj.full_clean()
            obj.save()
            self.updated += 1
        return obj

    def set_m2m(self, manager, objects):
        if set(manager.all()) != set(objects):
            manager.set(objects)
            self.updated += 1

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
            for slug in item["guides"]:
                self.load_fact(
                    GuideFact,
                    {"guide": Guide.objects.get(slug=slug), "topic": item["topic"]},
                    item,
                    works_from_abroad=item.get("works_from_abroad"),
                )
        for item in data.get("operator_facts", []):
            self.load_operator_facts(item)
        for item in data.get("problem_routes", []):
            self.load_problem_routes(item)

    def load_scheduled_change(self, item):
        """A change due `in_days` from the first load; kept while one is pending."""
        guide = Guide.objects.get(slug=item["guide"])
        if not guide.scheduled_changes.pending().filter(action=item["action"]).exists():
            run_at = timezone.now() + datetime.timedelta(days=item["in_days"])
            ScheduledChange.objects.create(guide=guide, action=item["action"], run_at=run_at)
            self.created += 1

    def load_source_check(self, item):
        """A check result recorded as demo state; never one over a real check."""
        guide = Guide.objects.get(slug=item["guide"])
        content_type = ContentType.objects.get_for_model(Guide)
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
        for order, contact in enumerate(item.get("contacts", []), start=1):
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
        for order, contact in enumerate(item.get("contacts", []), start=1):
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

    def load_guide(self, item):
        guide = self.upsert(
            Guide,
            {"slug": item["slug"]},
            {
                "operator": Operator.objects.get(slug=item["operator"]),
                "channel": Channel.objects.get(slug=item["channel"]),
                **translated("title", item["title"]),
                **translated("summary", item.get("summary")),
                **translated("body", item.get("body")),
                "source_url": item.get("source_url", ""),
                "source_kind": item.get("source_kind", ""),
                "source_year": item.get("source_year"),
                "last_verified_on": as_date(item.get("last_verified_on")),
            },
        )
        wanted = [translated("text", step) for step in item["steps"]]
        stored = [
            {f"text_{suffix}": getattr(step, f"text_{suffix}") for suffix in LANGUAGES.values()}
            for step in guide.steps.all()
        ]
        if stored != wanted:
            guide.steps.all().delete()
            # One by one rather than bulk_create, which would leave no trace in the history.
            for order, texts in enumerate(wanted, start=1):
                GuideStep.objects.create(
                    guide=guide, order=order, text=texts["text_zh_hans"], **texts
                )
            self.updated += 1
        # A new guide starts as a draft; it is published once its steps exist.
        status = item.get("status", Guide.Status.PUBLISHED)
        if guide.status != status:
            if status == Guide.Status.PUBLISHED:
                guide.publish()
            else:
                guide.status = status
            guide.full_clean()
            guide.save()
            self.updated += 1

    def load_guide_provider(self, slug, provider):
        guide = Guide.objects.get(slug=slug)
        provider = PaymentProvider.objects.get(slug=provider)
        if guide.payment_provider_id != provider.pk:
            guide.payment_provider = provider
            guide.save()
            self.updated += 1

    def load_fact(self, model, lookup, item, **fields):
        """A sourced fact of `model`, found by `lookup` (its owner, topic or stage, order)."""
        return self.upsert(
            model,
            lookup,
            {
                **translated("text", item["text"]),
                "source_url": item["source_url"],
                "source_kind": item["source_kind"],
                "source_year": item.get("source_year"),
                "checked_on": as_date(item["checked_on"]),
                **fields,
            },
        )

    def load_operator_facts(self, item):
        """`item["facts"]` by topic, for each operator in `item["operators"]`, in order."""
        for slug in item["operators"]:
            operator = Operator.objects.get(slug=slug)
            for topic, facts in item["facts"].items():
                for order, fact in enumerate(facts, start=1):
                    self.load_fact(
                        OperatorFact,
                        {"operator": operator, "topic": topic, "order": order},
                        fact,
                    )

    def load_problem_routes(self, item):
        """The routes of one region or payment provider, by stage, in order."""
        if "region" in item:
            owner = {"region": Region.objects.get(code=item["region"])}
        else:
            owner = {"payment_provider": PaymentProvider.objects.get(slug=item["payment_provider"])}
        for stage, routes in item["routes"].items():
            for order, route in enumerate(routes, start=1):
                self.load_fact(
                    ProblemRoute,
                    {**owner, "stage": stage, "order": order},
                    route,
                    **translated("time_limit", route.get("time_limit")),
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
        self.set_m2m(note.channels, Channel.objects.filter(slug__in=item.get("channels", [])))
        self.set_m2m(note.operators, Operator.objects.filter(slug__in=item.get("operators", [])))

    def load_search_synonym(self, item):
        self.upsert(
            SearchSynonym,
            {"term": item["term"]},
            {
                "meaning": item["meaning"],
                "narrows": item.get("narrows", True),
                "kind": item.get("kind", SearchSynonym.Kind.WORDS),
                "region": Region.objects.get(code=item["region"]) if "region" in item else None,
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
        with transaction.atomic():
            for path in files:
                loader.load(json.loads(path.read_text(encoding="utf-8")))
        if loader.created or loader.updated:
            # Steps are bulk-created, which sends no signal: make the cached pages stale here.
            bump_content_version()
        self.stdout.write(
            f"Demo content from {len(files)} files: "
            f"{loader.created} created, {loader.updated} updated."
        )
