"""`generate_bulk_content`: the benchmark's 20,000 guides, varied and reproducible."""

from django.core.management import call_command
from django.db.models import Q

from guides.management.commands.generate_bulk_content import OPERATOR, DemoText
from guides.models import Guide, OfficialContact, Operator


def generate(**options):
    call_command("generate_bulk_content", stdout=None, **options)
    bulk = Guide.objects.filter(slug__startswith="bulk-").order_by("slug")
    return [
        (
            guide.title_zh_hans,
            guide.title_en,
            guide.summary_zh_hans,
            guide.summary_en,
            guide.body_zh_hans,
            guide.body_en,
            [(step.text_zh_hans, step.text_en) for step in guide.steps.all()],
        )
        for guide in bulk.prefetch_related("steps")
    ]


def test_bulk_content_is_bilingual_and_removable(demo):
    guides = generate(operators=3, guides=30)
    assert len(guides) == 30
    assert all(all(text for text in guide[:6]) and len(guide[6]) == 3 for guide in guides)
    assert not OfficialContact.objects.filter(operator__slug__startswith="bulk-").exists()
    call_command("generate_bulk_content", delete=True, stdout=None)
    assert not Guide.objects.filter(slug__startswith="bulk-").exists()
    assert not Operator.objects.filter(slug__startswith="bulk-").exists()


def test_bulk_content_is_the_same_for_the_same_seed(demo):
    first = generate(operators=3, guides=30, seed=7)
    assert generate(operators=3, guides=30, seed=7) == first
    assert generate(operators=3, guides=30, seed=8) != first


def test_bulk_guides_say_different_things(demo):
    guides = generate(operators=10, guides=200)
    # Titles and summaries are the region's demo ones (6 to 15) naming each operator, so an
    # operator's 20 guides here share some; bodies and steps are combinations, far more varied.
    for field, share in [(0, 1 / 3), (1, 1 / 3), (2, 1 / 3), (3, 1 / 3), (4, 0.5), (5, 0.5)]:
        assert len({guide[field] for guide in guides}) > share * len(guides), field
    steps = [step for guide in guides for step in guide[6]]
    assert len(set(steps)) > 0.9 * len(steps)


def test_bulk_titles_are_their_regions_demo_titles_naming_their_own_operator(demo):
    call_command("generate_bulk_content", operators=6, guides=60, stdout=None)
    texts = DemoText.by_region()
    bulk = Guide.objects.filter(slug__startswith="bulk-").select_related("operator__region")
    assert {guide.operator.region.code for guide in bulk} == {"CN", "PH", "HK"}
    for guide in bulk:
        operator = guide.operator
        title = (
            guide.title_zh_hans.replace(operator.short_name_zh_hans, OPERATOR),
            guide.title_en.replace(operator.short_name_en, OPERATOR),
        )
        assert title in texts[operator.region.code].titles, guide.title_en


def test_bulk_guides_of_the_mainland_do_not_speak_of_gcash(demo):
    call_command("generate_bulk_content", operators=6, guides=60, stdout=None)
    bulk = Guide.objects.filter(slug__startswith="bulk-")
    mainland = bulk.filter(operator__region__code="CN")
    assert mainland.exists()

    def mentioning_gcash(guides):
        """Guides whose own text names GCash (search would also follow editors' synonyms)."""
        return guides.filter(
            Q(title_en__contains="GCash")
            | Q(summary_en__contains="GCash")
            | Q(body_en__contains="GCash")
            | Q(steps__text_en__contains="GCash")
        )

    assert not mentioning_gcash(mainland).exists()
    assert mentioning_gcash(bulk.filter(operator__region__code="PH")).exists()
