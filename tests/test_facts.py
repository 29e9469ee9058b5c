"""Facts readers act on: the facts box, the routes when a top-up does not arrive, the abroad
filter, an operator's keep-your-number and abroad sections, and feedback that answers."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from guides.models import Feedback, Guide, GuideFact, OperatorFact, ProblemRoute
from guides.models.facts import facts_box, facts_compared, knows_too_little
from tests.content_texts import chinese_texts

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
SOURCE = {"source_url": "https://operator.example/facts", "source_kind": "operator"}


def make_fact(guide, topic, text="A fact.", **fields):
    return GuideFact.objects.create(
        guide=guide, topic=topic, text_zh_hans=text, text_en=text, **SOURCE, **fields
    )


def make_route(stage, text, **owner):
    return ProblemRoute.objects.create(
        stage=stage, text_zh_hans=text, text_en=text, **SOURCE, **owner
    )


def test_every_demo_guide_shows_its_facts_box_routes_and_sources(client, demo):
    for guide in Guide.objects.public():
        for language, headings in [
            ("en", ["At a glance", "If it doesn", "Sources"]),
            ("zh-hans", ["一目了然", "没到账怎么办", "信息来源"]),
        ]:
            html = client.get(f"/{language}/guides/{guide.slug}/").content.decode()
            for heading in headings:
                assert heading in html, (guide.slug, heading)
            assert 'id="facts"' in html and 'id="if-it-does-not-arrive"' in html


def test_an_unsourced_fact_is_shown_as_unknown_never_guessed(client, make_guide):
    guide = make_guide(slug="facts-guide")
    make_fact(guide, GuideFact.Topic.TIME_TO_CREDIT, "Within 15 minutes.")
    html = client.get(f"/en/guides/{guide.slug}/").content.decode()
    assert "Within 15 minutes." in html
    assert html.count("Unknown: not published by the operator.") == 4
    assert "operator.example" in html and "checked" in html


def test_the_abroad_fact_needs_a_yes_or_no(make_guide):
    fact = GuideFact(
        guide=make_guide(), topic=GuideFact.Topic.ABROAD, text="Roaming works.", **SOURCE
    )
    with pytest.raises(ValidationError) as error:
        fact.full_clean()
    assert "works_from_abroad" in error.value.message_dict
    other = GuideFact(guide=fact.guide, topic="cost", works_from_abroad=True, text="Free.")
    other.clean()
    assert other.works_from_abroad is None


def test_a_guide_has_one_fact_per_topic(make_guide):
    guide = make_guide()
    make_fact(guide, GuideFact.Topic.COST)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_fact(guide, GuideFact.Topic.COST)


def test_a_route_belongs_to_a_region_or_a_provider_not_both(make_region, make_provider):
    region = make_region()
    provider = make_provider(region=region)
    with pytest.raises(ValidationError):
        ProblemRoute(stage="operator", region=region, payment_provider=provider).clean()
    with pytest.raises(ValidationError):
        ProblemRoute(stage="payment_provider", region=region).clean()
    with pytest.raises(ValidationError):
        ProblemRoute(stage="operator", payment_provider=provider).clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_route("regulator", "Nobody's.")


def test_routes_come_in_order_provider_operator_regulator(client, make_guide, make_provider):
    guide = make_guide(slug="routes-guide")
    region = guide.operator.region
    provider = make_provider(region=region)
    other_provider = make_provider(region=region, slug="other-wallet")
    make_route("regulator", "Then the regulator.", region=region)
    make_route("operator", "Then the operator.", region=region)
    make_route("regulator", "The wallet's regulator.", payment_provider=provider)
    make_route("payment_provider", "First the wallet.", payment_provider=provider)
    make_route("payment_provider", "Another wallet.", payment_provider=other_provider)
    html = client.get(f"/en/guides/{guide.slug}/").content.decode()
    assert "First the wallet." not in html  # the guide names no payment provider yet
    guide.payment_provider = provider
    guide.save()
    html = client.get(f"/en/guides/{guide.slug}/").content.decode()
    order = [
        "First the wallet.",
        "Then the operator.",
        "The wallet&#x27;s regulator.",
        "Then the regulator.",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
    assert "Another wallet." not in html


def test_abroad_filter_lists_only_guides_that_work_from_abroad(client, demo):
    abroad = set(
        Guide.objects.public()
        .filter(facts__topic="abroad", facts__works_from_abroad=True)
        .values_list("slug", flat=True)
    )
    assert {"smart-reload-while-roaming", "china-mobile-roaming"} <= abroad
    html = client.get("/en/guides/?abroad=1").content.decode()
    assert f"{len(abroad)} guides" in html
    for guide in Guide.objects.public():
        assert (f"/en/guides/{guide.slug}/" in html) == (guide.slug in abroad), guide.slug


def test_abroad_filter_combines_and_counts_like_the_others(client, demo):
    html = client.get("/en/guides/?abroad=1&operator=smart").content.decode()
    smart_abroad = Guide.objects.public().filter(
        operator__slug="smart", facts__topic="abroad", facts__works_from_abroad=True
    )
    assert f"{smart_abroad.count()} guides" in html
    assert "/en/guides/smart-reload-while-roaming/" in html
    assert "/en/guides/china-mobile-roaming/" not in html
    assert "Remove filter: Works from abroad" in html
    listing = client.get("/en/guides/?operator=smart").content.decode()
    assert 'value="1"' in listing and f"({smart_abroad.count()})" in listing


def test_an_unknown_abroad_value_is_a_message_not_an_error(client, demo):
    response = client.get("/en/guides/?abroad=yes")
    assert response.status_code == 200
    assert "abroad=1" in response.content.decode()


def test_operator_page_compares_channels_and_says_what_it_does_not_know(client, demo):
    html = client.get("/en/operators/smart/").content.decode()
    assert 'id="compare"' in html and "Channels compared" in html
    assert 'id="abroad"' in html and "808" in html and "P200" in html
    assert 'id="keep-number"' in html and "120 days" in html
    assert "30 days" in html  # tourist SIMs
    globe = client.get("/en/operators/globe/").content.decode()
    assert "Share-A-Load" in globe
    assert "At zero balance" in globe and "Unknown: not published by the operator." in globe


def section(html, anchor):
    """The HTML of the <section> with the id `anchor`."""
    return html.split(f'id="{anchor}"')[1].split("</section>")[0]


def test_comparison_leaves_out_topics_no_channel_knows(make_guide):
    first, second = make_guide(), make_guide()
    cost = make_fact(first, GuideFact.Topic.COST, "Free.")
    abroad = make_fact(second, GuideFact.Topic.ABROAD, "Yes.", works_from_abroad=True)
    rows = [(first, facts_box([cost])), (second, facts_box([abroad]))]
    topics, compared = facts_compared(rows)
    assert topics == [GuideFact.Topic.COST, GuideFact.Topic.ABROAD]
    assert compared == [
        (first, [(GuideFact.Topic.COST, cost), (GuideFact.Topic.ABROAD, None)]),
        (second, [(GuideFact.Topic.COST, None), (GuideFact.Topic.ABROAD, abroad)]),
    ]
    assert facts_compared([(first, facts_box([]))]) == ([], [(first, [])])


def test_a_facts_box_knowing_fewer_than_two_facts_must_say_why(make_guide):
    guide = make_guide()
    cost = make_fact(guide, GuideFact.Topic.COST)
    time = make_fact(guide, GuideFact.Topic.TIME_TO_CREDIT)
    assert knows_too_little(facts_box([]))
    assert knows_too_little(facts_box([cost]))
    assert not knows_too_little(facts_box([cost, time]))


@pytest.mark.parametrize(
    ("language", "why"), [("en", "Why so much is unknown"), ("zh-hans", "为什么这么多项未知")]
)
def test_a_guide_with_one_known_fact_says_why_the_rest_is_unknown(
    client, make_guide, language, why
):
    guide = make_guide()
    make_fact(guide, GuideFact.Topic.COST)
    assert why in section(client.get(f"/{language}/guides/{guide.slug}/").content.decode(), "facts")
    make_fact(guide, GuideFact.Topic.AMOUNTS)
    assert why not in client.get(f"/{language}/guides/{guide.slug}/").content.decode()


def test_operator_page_compares_only_what_some_channel_knows(client, demo):
    compare = section(client.get("/en/operators/china-mobile/").content.decode(), "compare")
    # No China Mobile guide gives a time to credit: no column for it.
    assert "Time to credit" not in compare
    for label in ["Cost or fee", "Amounts and limits", "What you need", "From abroad"]:
        assert f'<th scope="col">{label}</th>' in compare
        assert f'data-label="{label}"' in compare
    # A channel nobody has sourced a fact for is still compared, and says "Unknown".
    assert "/en/guides/china-mobile-store/" in compare and "Unknown" in compare


def test_operator_page_with_nothing_known_says_so_instead_of_a_table(client, make_guide):
    guide = make_guide()
    html = client.get(guide.operator.get_absolute_url().replace("/zh-hans/", "/en/"))
    compare = section(html.content.decode(), "compare")
    assert "<table" not in compare
    assert "None of these guides has a sourced fact yet" in compare


def test_chinese_facts_have_no_space_after_a_full_stop_or_before_the_operator(client, demo):
    html = client.get("/zh-hans/operators/china-mobile/").content.decode()
    assert "中国移动的充值方式对比" in html
    compare = section(html, "compare")
    assert "在境外也能用。</strong>在境外" in compare
    facts = section(client.get("/zh-hans/guides/china-mobile-roaming/").content.decode(), "facts")
    assert "。 " not in facts and "</strong> " not in facts
    english = section(client.get("/en/operators/china-mobile/").content.decode(), "compare")
    assert "Works from abroad.</strong> From abroad" in english


@pytest.mark.parametrize(
    ("operator", "hotline"),
    [
        ("china-mobile", "13800100186"),
        ("china-unicom", "18618610010"),
        ("china-telecom", "18918910000"),
    ],
)
def test_mainland_operator_pages_give_their_roaming_hotline(client, demo, operator, hotline):
    html = client.get(f"/zh-hans/operators/{operator}/").content.decode()
    abroad = html[html.index('id="abroad"') : html.index('id="keep-number"')]
    assert hotline in abroad


def test_hong_kong_operator_pages_give_real_name_rules(client, demo):
    for operator in ["csl", "china-mobile-hk", "smartone"]:
        html = client.get(f"/en/operators/{operator}/").content.decode()
        assert "24 February 2023" in html, operator


def test_demo_operator_facts_all_carry_a_source(demo):
    for fact in [
        *OperatorFact.objects.all(),
        *GuideFact.objects.all(),
        *ProblemRoute.objects.all(),
    ]:
        assert fact.source_url.startswith("http") and fact.source_kind and fact.checked_on


def test_did_not_arrive_is_answered_at_once_with_the_route(client, demo):
    url = "/en/guides/gcash-load-smart/feedback/"
    response = client.post(url, {"kind": "did_not_arrive"}, **ORIGIN, follow=True)
    html = response.content.decode()
    assert Feedback.objects.get().kind == "did_not_arrive"
    assert "If it doesn" in html
    assert "2 calendar days" in html and "BSP" in html
    assert "Up to 5 minutes" in html


def test_not_helpful_asks_what_was_missing_and_adds_it_to_the_vote(client, demo):
    url = "/en/guides/gcash-load-smart/feedback/"
    response = client.post(url, {"kind": "not_helpful"}, **ORIGIN, follow=True)
    html = response.content.decode()
    assert "What was missing? (optional)" in html
    ref = html.split('name="ref" value="')[1].split('"')[0]
    missing = "/en/guides/gcash-load-smart/feedback/missing/"
    response = client.post(missing, {"ref": ref, "message": "The fee."}, **ORIGIN, follow=True)
    assert "the editors will read what was missing" in response.content.decode()
    assert Feedback.objects.get().message == "The fee."
    # Once said, it stays: the same link cannot rewrite it.
    client.post(missing, {"ref": ref, "message": "Something else."}, **ORIGIN)
    assert Feedback.objects.get().message == "The fee."


def test_a_forged_reference_changes_no_vote(client, demo):
    guide = Guide.objects.get(slug="gcash-load-smart")
    vote = Feedback.objects.create(guide=guide, kind="not_helpful")
    missing = f"/en/guides/{guide.slug}/feedback/missing/"
    client.post(missing, {"ref": f"{vote.pk}:forged", "message": "Spam."}, **ORIGIN)
    response = client.post(
        missing, {"ref": "x", "message": "Spam."}, HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403
    vote.refresh_from_db()
    assert vote.message == ""


def test_helpful_thanks_fits_what_was_sent(client, demo):
    html = client.get("/en/guides/gcash-load-smart/feedback/thanks/helpful/").content.decode()
    main = html.split("<main")[1].split("</main>")[0]
    assert "Glad it helped" in main and "scam" not in main.lower()


def test_print_leaves_the_feedback_form_out():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[1] / "static/css/print.css").read_text()
    hidden = css.split("{ display: none")[0]
    assert ".feedback" in hidden


# Hong Kong words, notes-to-self and translationese that a reader in the mainland stumbles on.
NOT_PLAIN_CHINESE = [
    "柜员机",
    "月结单",
    "门市",
    "储值卡",
    "电邮",
    "机器翻译",
    "普通话费",
    "依靠它之前",
    "信息来自转载",
    "名称可能已经改",
]


def test_demo_chinese_uses_mainland_words_and_no_notes_to_self(demo):
    for *where, text in chinese_texts():
        found = [word for word in NOT_PLAIN_CHINESE if word in text]
        assert not found, (*where, found)


def test_every_source_on_a_guide_says_when_it_was_checked(client, demo):
    html = client.get("/zh-hans/guides/smart-reload-while-roaming/").content.decode()
    sources = html.split('id="sources"')[1].split("</section>")[0]
    items = sources.split("<li>")[1:]
    assert items
    assert all("核实于" in item and "<time datetime=" in item for item in items)


def test_editors_keep_facts_and_routes_where_they_belong(editor_client, demo):
    from django.conf import settings
    from django.contrib.auth.models import Group

    from guides.models import Operator, PaymentProvider, Region

    admin = f"/{settings.ADMIN_PATH}guides"
    guide = Guide.objects.get(slug="gcash-load-smart")
    pages = {
        f"{admin}/guide/{guide.pk}/change/": 'name="facts-TOTAL_FORMS"',
        f"{admin}/operator/{Operator.objects.get(slug='smart').pk}/change/": (
            'name="facts-TOTAL_FORMS"'
        ),
        f"{admin}/region/{Region.objects.get(code='CN').pk}/change/": (
            'name="problem_routes-TOTAL_FORMS"'
        ),
        f"{admin}/paymentprovider/{PaymentProvider.objects.get(slug='gcash').pk}/change/": (
            'name="problem_routes-TOTAL_FORMS"'
        ),
    }
    for url, inline in pages.items():
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert inline in response.content.decode(), url
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    reviewers = set(
        Group.objects.get(name="Reviewers").permissions.values_list("codename", flat=True)
    )
    for model in ["guidefact", "operatorfact", "problemroute"]:
        assert {f"change_{model}", f"add_{model}", f"delete_{model}"} <= editors
        assert f"view_{model}" in reviewers and f"change_{model}" not in reviewers


def test_fact_and_route_changes_are_in_the_history(make_guide, make_region):
    fact = make_fact(make_guide(), GuideFact.Topic.COST, "Free.")
    fact.text_en = "P1 per transfer."
    fact.save()
    route = make_route("regulator", "The regulator.", region=make_region())
    assert fact.history.count() == 2 and route.history.count() == 1
    assert fact.history.earliest().text_en == "Free."
