"""How the demo loader writes guides, their steps, facts and the routes when a top-up goes
wrong (`GuideLoading`), on the rules of `RecordLoading`."""

from guides.editorial.demo_records import (
    LOADER_CHANGE_REASON,
    RecordLoading,
    as_date,
    describe,
    steps_history,
    steps_of,
    translated,
)
from guides.models import (
    Channel,
    Guide,
    GuideStep,
    Operator,
    OperatorFact,
    PaymentProvider,
    ProblemRoute,
    Region,
)


class GuideLoading(RecordLoading):
    """Guides with their steps and status, their payment providers, facts and routes."""

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
