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
from django.utils.translation import gettext_noop

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
# The change reason of every version the loader writes, with no user: how it knows its own work.
LOADER_CHANGE_REASON = gettext_noop("Demo content (load_demo_content)")


def translated(field, values):
    """`("title", {"zh-hans": "…", "en": "…"})` -> `{"title_zh_hans": "…", "title_en": "…"}`."""
    values = values or {}
    return {f"{field}_{suffix}": values.get(language, "") for language, suffix in LANGUAGES.items()}


def as_date(value):
    return datetime.date.fromisoformat(value) if value else None


def describe(model, lookup):
    """`guide china-mobile-app`, `officialcontact 中国移动 short_code 10086`: for the output."""
    return " ".join([model._meta.model_name, *(str(value) for value in lookup.values())])


def steps_history(guide):
    """A guide's steps are part of it: their records, deleted steps' included, count as its."""
    return [GuideStep.history.filter(guide_id=guide.pk)]


def steps_of(guide):
    return [
        {f"text_{suffix}": getattr(step, f"text_{suffix}") for suffix in LANGUAGES.values()}
        for step in guide.steps.all()
    ]


class Loader:
    """Creates what the demo files have and the database lacks, and changes only what the
    loader alone has written, recording each change in the history; counts what it did.

    "Changed since it was loaded" is read from the history (django-simple-history): every
    version the loader writes has `LOADER_CHANGE_REASON` and no user. An object with any other
    version (an editor's save in the admin, a revert, a scheduled change, a script) is someone
    else's work and left as it is, named in the output; so is one without a history, since
    nothing says who wrote it: content restored by `import_content` (which brings no history),
    and regions, channels and search synonyms, which keep none (the loader creates those, never
    changes them). An object whose key (slug, number) the history knows but the database no
    longer has was deleted or changed by someone, and is not put back. The history rather than
    a stored fingerprint of what was loaded: it already says who wrote each version, in the
    same transaction as the change, so there is no second record to keep in step, and the
    loader's own changes have to be in it anyway, like any other change.
    """

    def __init__(self):
        self.created = 0
        self.updated = 0
        self.left_alone = []
        self.fresh = set()  # (model, pk) of what this run created

    def save(self, obj):
        obj.full_clean()
        obj._change_reason = LOADER_CHANGE_REASON
        obj.save()

    def find(self, model, **lookup):
        return model.objects.filter(**lookup).first()

    def upsert(self, model, lookup, fields):
        """The object of `model` at `lookup`, created with `fields` if missing, or changed to
        them if only the loader has written it. None if someone removed it."""
        obj = self.find(model, **lookup)
        if obj is None:
            return self.create(model, lookup, fields)
        self.change(obj, fields, describe(model, lookup))
        return obj

    def create(self, model, lookup, fields):
        if hasattr(model, "history") and model.history.filter(**lookup).exists():
            self.left_alone.append(f"{describe(model, lookup)} (removed since it was loaded)")
            return None
        obj = model(**lookup, **fields)
        self.save(obj)
        self.created += 1
        self.fresh.add((model, obj.pk))
        return obj

    def change(self, obj, fields, label, history=()):
        changed = {name: value for name, value in fields.items() if getattr(obj, name) != value}
        if not changed:
            return
        if not self.is_own(obj, history):
            self.left_alone.append(label)
            return
        for name, value in changed.items():
            setattr(obj, name, value)
        self.save(obj)
        self.count_change(obj)

    def count_change(self, obj):
        """A change to what this run created is part of creating it."""
        if (type(obj), obj.pk) not in self.fresh:
            self.updated += 1

    def is_own(self, obj, history=()):
        """Whether every version of `obj` (and the records in `history`) is the loader's."""
        if (type(obj), obj.pk) in self.fresh:
            return True
        if not hasattr(type(obj), "history"):
            return False
        authors = set()
        for records in (obj.history.all(), *history):
            authors.update(records.values_list("history_user_id", "history_change_reason"))
        return authors == {(None, LOADER_CHANGE_REASON)}

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

    def load_guide(self, item):
        """A guide with its steps, saved as the admin saves one: the guide, then its steps, so
        the version it makes shows them. A new guide is published once its steps exist."""
        operator = self.find(Operator, slug=item["operator"])
        channel = self.find(Channel, slug=item["channel"])
        lookup = {"slug": item["slug"]}
        if operator is None or channel is None:
            self.left_alone.append(f"{describe(Guide, lookup)} (its operator or channel is gone)")
            return
        fields = {
            "operator": operator,
            "channel": channel,
            **translated("title", item["title"]),
            **translated("summary", item.get("summary")),
            **translated("body", item.get("body")),
            "source_url": item.get("source_url", ""),
            "source_kind": item.get("source_kind", ""),
            "source_year": item.get("source_year"),
            "last_verified_on": as_date(item.get("last_verified_on")),
        }
        status = item.get("status", Guide.Status.PUBLISHED)
        steps = [translated("text", step) for step in item["steps"]]
        guide = self.find(Guide, **lookup)
        if guide is None:
            guide = self.create(Guide, lookup, fields)
            if guide is not None:
                self.replace_steps(guide, steps)
                self.created += len(steps)
                self.set_status(guide, status)
            return
        changed = {name: value for name, value in fields.items() if getattr(guide, name) != value}
        steps_changed = steps_of(guide) != steps
        if not (changed or steps_changed or guide.status != status):
            return
        if not self.is_own(guide, steps_history(guide)):
            self.left_alone.append(describe(Guide, lookup))
            return
        for name, value in changed.items():
            setattr(guide, name, value)
        self.save(guide)
        if steps_changed:
            self.replace_steps(guide, steps)
        self.set_status(guide, status)
        self.updated += 1

    def replace_steps(self, guide, steps):
        for step in guide.steps.all():
            step._change_reason = LOADER_CHANGE_REASON
            step.delete()
        for order, texts in enumerate(steps, start=1):
            self.save(GuideStep(guide=guide, order=order, text=texts["text_zh_hans"], **texts))

    def set_status(self, guide, status):
        if guide.status == status:
            return
        if status == Guide.Status.PUBLISHED:
            guide.publish()
        else:
            guide.status = status
        self.save(guide)

    def load_guide_provider(self, slug, provider):
        guide = self.find(Guide, slug=slug)
        provider = self.find(PaymentProvider, slug=provider)
        if guide is not None and provider is not None:
            label = describe(Guide, {"slug": slug})
            self.change(guide, {"payment_provider": provider}, label, steps_history(guide))

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
        for operator in Operator.objects.filter(slug__in=item["operators"]):
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
            owner = {"region": self.find(Region, code=item["region"])}
        else:
            owner = {"payment_provider": self.find(PaymentProvider, slug=item["payment_provider"])}
        if None in owner.values():
            return
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
