"""Editors keep the scam register: a reader's report becomes an entry in one action, disputes
are upheld or rejected, and the register is in the attention panel and the history."""

import pytest
from django.conf import settings

from guides.models import Feedback, ScamDispute, ScamEntry

ADMIN = f"/{settings.ADMIN_PATH}"


@pytest.fixture
def report(make_region, make_operator, make_guide):
    region = make_region(code="PH", calling_code="63")
    guide = make_guide(operator=make_operator(region=region))
    return guide.feedback.create(kind=Feedback.Kind.SCAM_SEEN, reported_value="0917 000 0000")


def test_a_report_becomes_a_register_entry_in_one_action(editor_client, report):
    response = editor_client.post(
        f"{ADMIN}guides/feedback/",
        {"action": "add_to_scam_register", "_selected_action": [report.pk]},
        follow=True,
    )
    assert "Put 1 entry on the scam register." in response.content.decode()
    entry = ScamEntry.objects.get()
    assert (entry.value, entry.report, entry.evidence) == ("09170000000", report, "reader_report")


def test_a_report_naming_an_official_number_is_refused_with_the_reason(
    editor_client, report, make_contact
):
    make_contact(operator=report.guide.operator, value="1510")
    report.reported_value = "1510"
    report.save()
    response = editor_client.post(
        f"{ADMIN}guides/feedback/",
        {"action": "add_to_scam_register", "_selected_action": [report.pk]},
        follow=True,
    )
    assert "This is an official contact of" in response.content.decode()
    assert not ScamEntry.objects.exists()


def test_upholding_a_dispute_takes_the_entry_off_the_register(editor_client, report):
    entry = ScamEntry.record_report(report)
    dispute = ScamDispute.objects.create(entry=entry, message="my shop")
    editor_client.post(
        f"{ADMIN}guides/scamdispute/", {"action": "uphold", "_selected_action": [dispute.pk]}
    )
    entry.refresh_from_db()
    dispute.refresh_from_db()
    assert (entry.is_listed, dispute.status) == (False, "upheld")


def test_rejecting_a_dispute_keeps_the_entry(editor_client, report):
    entry = ScamEntry.record_report(report)
    dispute = ScamDispute.objects.create(entry=entry)
    editor_client.post(
        f"{ADMIN}guides/scamdispute/", {"action": "reject", "_selected_action": [dispute.pk]}
    )
    entry.refresh_from_db()
    assert entry.is_listed


def test_attention_panel_counts_scam_reports_and_disputes(editor_client, report):
    ScamDispute.objects.create(entry=ScamEntry.record_report(report))
    report.guide.feedback.create(kind=Feedback.Kind.SCAM_SEEN, reported_value="L0086")
    response = editor_client.get(ADMIN)
    counts = {str(label): count for label, count, _url in response.context["needs_attention"]}
    assert counts["Scam reports naming a number, sender or link"] == 1
    assert counts["Scam register entries contested by their owners"] == 1


def test_register_changes_are_in_the_history(editor_client, report):
    entry = ScamEntry.record_report(report)
    entry.last_seen = entry.first_seen
    entry.description_en = "Asks for a GCash transfer"
    entry.save()
    assert entry.history.count() == 2
    response = editor_client.get(f"{ADMIN}guides/scamentry/{entry.pk}/history/")
    assert response.status_code == 200


def test_editors_can_keep_authorities_providers_and_the_register(editor_client):
    for model in ["authority", "paymentprovider", "scamentry", "scamdispute"]:
        assert editor_client.get(f"{ADMIN}guides/{model}/").status_code == 200, model
    assert editor_client.get(f"{ADMIN}guides/authority/add/").status_code == 200
    assert editor_client.get(f"{ADMIN}guides/scamentry/add/").status_code == 200
