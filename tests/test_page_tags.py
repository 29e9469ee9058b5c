"""Tags on public pages (the `xkey` header): what each page shows, read as it is built."""

import pytest

from guides.caching.signals import tags_for_change, tags_for_relation_change
from guides.caching.tags import HEADER


def tags(response):
    return set(response[HEADER].split())


@pytest.fixture
def guide(make_guide, make_contact, make_note):
    guide = make_guide(slug="tagged", title_en="Tagged guide")
    guide.contact = make_contact(operator=guide.operator, value="10086")
    guide.note = make_note()
    guide.note.channels.add(guide.channel)
    return guide


def test_a_guide_page_names_its_guide_operator_channel_region_notes_and_contacts(client, guide):
    response = client.get(f"/en/guides/{guide.slug}/")
    assert {
        f"guide-{guide.pk}",
        f"operator-{guide.operator_id}",
        f"channel-{guide.channel_id}",
        f"region-{guide.operator.region_id}",
        f"note-{guide.note.pk}",
        f"contact-{guide.contact.pk}",
        "notes-for-every-guide",
        "all-pages",
    } <= tags(response)


def test_the_tags_are_kept_with_a_page_served_from_the_page_cache(client, guide):
    path = f"/zh-hans/guides/{guide.slug}/"
    first = client.get(path)
    second = client.get(path)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert tags(second) == tags(first)


def test_operator_and_channel_pages_name_their_guides_notes_and_contacts(client, guide):
    operator = client.get(f"/en/operators/{guide.operator.slug}/")
    assert {
        f"operator-{guide.operator_id}",
        f"guide-{guide.pk}",
        f"contact-{guide.contact.pk}",
    } <= tags(operator)
    channel = client.get(f"/en/channels/{guide.channel.slug}/")
    assert {
        f"channel-{guide.channel_id}",
        f"guide-{guide.pk}",
        f"note-{guide.note.pk}",
    } <= tags(channel)


@pytest.mark.parametrize(
    "path", ["/en/", "/en/guides/", "/en/guides/?q=tagged", "/en/operators/", "/sitemap.xml"]
)
def test_lists_and_search_are_guide_lists(client, guide, path):
    assert "guide-lists" in tags(client.get(path))


def test_pages_that_are_not_stored_carry_no_tags(client, guide):
    for path in ["/en/check/?number=10086", "/en/guides/?operator=no-such-operator"]:
        assert HEADER not in client.get(path), path


def test_an_edit_names_the_pages_that_show_it_and_those_that_will(guide):
    assert tags_for_change(guide.contact) == {
        f"contact-{guide.contact.pk}",
        f"operator-{guide.operator_id}",
        "checker-records",
    }
    assert {f"guide-{guide.pk}", f"channel-{guide.channel_id}", "guide-lists"} <= (
        tags_for_change(guide)
    )
    assert f"channel-{guide.channel_id}" in tags_for_change(guide.note)
    assert tags_for_relation_change(guide.channel, type(guide.note), {guide.note.pk}) >= {
        f"note-{guide.note.pk}",
        f"channel-{guide.channel_id}",
    }
