"""Whole-page cache: hits, language, invalidation on every kind of content change, 304s."""

from unittest import mock
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.cache import cache

from guides.caching import canonical
from guides.caching import content as page_cache
from guides.caching.content import bump_content_version, cached_for_content, content_version
from guides.models import Guide, GuideStep, SafetyNote
from guides.web.views import GuideListView
from tests.cache_entries import stored_pages


@pytest.fixture
def guide(make_guide, make_contact):
    guide = make_guide(slug="cached", title_en="Cached guide")
    make_contact(operator=guide.operator, value="10086")
    return guide


# What Django's never_cache sends: no copy kept anywhere, and none shared.
NEVER_CACHE = {"max-age=0", "no-cache", "no-store", "must-revalidate", "private"}


def get(client, path, **headers):
    return client.get(path, **headers)


def cache_directives(response):
    return {directive.strip() for directive in response["Cache-Control"].split(",")}


def test_second_request_is_served_from_cache_without_queries(
    client, guide, django_assert_num_queries
):
    path = f"/en/guides/{guide.slug}/"
    first = get(client, path)
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = get(client, path)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


@pytest.mark.parametrize(
    "path", ["/en/", "/en/guides/", "/en/operators/", "/en/safety/", "/en/feed/", "/sitemap.xml"]
)
def test_public_pages_are_cached(client, guide, path):
    assert get(client, path)["X-Cache"] == "miss"
    assert get(client, path)["X-Cache"] == "hit"


def test_cached_pages_vary_by_language(client, guide):
    english = get(client, f"/en/guides/{guide.slug}/")
    chinese = get(client, f"/zh-hans/guides/{guide.slug}/")
    assert chinese["X-Cache"] == "miss"
    assert english.content != chinese.content
    assert '<html lang="zh-hans">' in get(client, f"/zh-hans/guides/{guide.slug}/").content.decode()


def test_cached_pages_set_no_cookie_and_do_not_vary_by_cookie(client, editor_client, guide):
    for response in [get(client, "/en/"), get(editor_client, f"/en/guides/{guide.slug}/")]:
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")
        assert "public" in response["Cache-Control"]


def test_signed_in_editors_get_the_same_page(client, editor_client, guide):
    anonymous = get(client, f"/en/guides/{guide.slug}/")
    editor = get(editor_client, f"/en/guides/{guide.slug}/")
    assert editor["X-Cache"] == "hit"
    assert editor.content == anonymous.content


def test_a_hit_carries_the_headers_the_page_was_served_with(client, guide):
    path = f"/en/guides/{guide.slug}/"
    first = get(client, path)
    second = get(client, path)
    assert second["X-Cache"] == "hit"
    for header in [
        "Content-Security-Policy",
        "Content-Language",
        "Content-Type",
        "ETag",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cache-Control",
    ]:
        assert second[header] == first[header], header
    assert second["Content-Language"] == "en"


def test_a_head_request_does_not_store_a_page_without_its_etag(client, guide):
    path = f"/en/guides/{guide.slug}/"
    assert client.head(path).status_code == 200
    page = get(client, path)
    assert page["X-Cache"] == "miss"
    assert get(client, path, HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304


def test_a_cached_feed_answers_if_modified_since(client, guide):
    first = get(client, "/en/feed/")
    assert first["X-Cache"] == "miss"
    again = get(client, "/en/feed/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_no_content_version_is_left_set_after_a_request(client, guide):
    get(client, f"/en/guides/{guide.slug}/?fresh=1")
    assert page_cache._request_version.get() is None


def test_local_copies_are_read_again_after_their_time(client, guide, monkeypatch):
    path = f"/en/guides/{guide.slug}/"
    get(client, path)
    # As if a save had failed to bump the version: only the shared copy is corrected.
    key = page_cache.shared_key(f"contacts:{guide.operator.pk}")
    version, contacts = cache.get(key)
    guide.operator.contacts.update(value="10010")
    cache.set(key, (version, list(guide.operator.contacts.all())))
    assert "tel:10086" in get(client, f"{path}?page=2").content.decode()
    later = page_cache.local_values.clock() + page_cache.LOCAL_SECONDS + 1
    monkeypatch.setattr(page_cache.local_values, "clock", lambda: later)
    assert "tel:10010" in get(client, f"{path}?page=3").content.decode()


def test_unprefixed_pages_are_cached_per_reader_language(client, guide):
    english = get(client, "/robots.txt", HTTP_ACCEPT_LANGUAGE="en")
    chinese = get(client, "/robots.txt", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert english["X-Cache"] == chinese["X-Cache"] == "miss"
    assert english["Content-Language"] == "en"
    assert chinese["Content-Language"] == "zh-hans"
    again = get(client, "/robots.txt", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert again["X-Cache"] == "hit"
    assert again["Content-Language"] == "zh-hans"


def test_etag_answers_conditional_requests_with_304(client, guide):
    response = get(client, f"/en/guides/{guide.slug}/")
    etag = response["ETag"]
    assert get(client, f"/en/guides/{guide.slug}/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    guide.title_en = "Changed title"
    guide.save()
    changed = get(client, f"/en/guides/{guide.slug}/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Changed title" in changed.content.decode()


# Each change returns what the guide page must answer next: its status, a text it shows now
# (or None) and a text it no longer shows (or None).


def change_title(guide):
    guide.title_en = "A new title"
    guide.save()
    return 200, "A new title", "Cached guide"


def unpublish(guide):
    guide.status = Guide.Status.DRAFT
    guide.save()
    return 404, None, None


def add_step(guide):
    GuideStep.objects.create(
        guide=guide, order=9, text_zh_hans="新步骤", text_en="A brand-new step"
    )
    return 200, "A brand-new step", None


def delete_step(guide):
    guide.steps.get(order=1).delete()
    return 200, "Step 2", "Step 1"


def change_note(guide):
    note = SafetyNote.objects.get(slug="avoid-scams")
    note.title_en = "Rewritten scam warning"
    note.save()
    return 200, "Rewritten scam warning", None


def scope_note_to_channel(guide):
    note = SafetyNote.objects.create(
        slug="scoped",
        topic="fees",
        title_zh_hans="费用",
        title_en="Scoped fee note",
        body_zh_hans="x",
    )
    note.channels.add(guide.channel)
    return 200, "Scoped fee note", None


def change_contact(guide):
    contact = guide.operator.contacts.get()
    contact.value = "10010"
    contact.save()
    return 200, "tel:10010", "tel:10086"


def rename_operator(guide):
    guide.operator.name_en = "Renamed Operator"
    guide.operator.save()
    return 200, "Renamed Operator", None


@pytest.mark.parametrize(
    "change",
    [
        change_title,
        unpublish,
        add_step,
        delete_step,
        change_note,
        scope_note_to_channel,
        change_contact,
        rename_operator,
    ],
)
def test_any_content_change_is_visible_on_the_next_request(client, guide, change):
    path = f"/en/guides/{guide.slug}/"
    get(client, path)
    assert get(client, path)["X-Cache"] == "hit"
    status, shown, gone = change(guide)
    response = get(client, path)
    assert response.status_code == status
    html = response.content.decode()
    assert shown is None or shown in html
    assert gone is None or gone not in html


def test_publishing_through_the_admin_shows_on_the_list_at_once(editor_client, client, make_guide):
    draft = make_guide(slug="fresh-draft", status=Guide.Status.DRAFT, title_en="Fresh guide")
    assert "Fresh guide" not in get(client, "/en/guides/").content.decode()
    editor_client.post(
        f"/{settings.ADMIN_PATH}guides/guide/",
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert "Fresh guide" in get(client, "/en/guides/").content.decode()


def test_content_changes_bump_the_shared_version(guide):
    before = content_version()
    change_title(guide)
    assert content_version() > before


@pytest.mark.parametrize(
    "path", ["/en/check/?number=10086", "/en/guides/cached/feedback/", "/healthz"]
)
def test_reader_tools_are_never_cached(client, guide, path):
    response = get(client, path)
    assert "X-Cache" not in response
    # Every public page says `max-age=0` too, so only `no-store, private` tells them apart.
    assert cache_directives(response) == NEVER_CACHE


def test_admin_is_never_cached(editor_client, guide):
    response = editor_client.get(f"/{settings.ADMIN_PATH}guides/guide/{guide.pk}/change/")
    assert "X-Cache" not in response
    assert cache_directives(response) == NEVER_CACHE


def test_not_found_pages_are_not_cached(client, db):
    get(client, "/en/guides/missing/")
    assert "X-Cache" not in get(client, "/en/guides/missing/")


def test_shared_reads_are_loaded_once_per_content_version(db):
    loads = []

    def load():
        loads.append(1)
        return ["value"]

    assert cached_for_content("shared-read", load) == ["value"]
    assert cached_for_content("shared-read", load) == ["value"]
    assert len(loads) == 1
    bump_content_version()
    assert cached_for_content("shared-read", load) == ["value"]
    assert len(loads) == 2


def test_process_copies_are_loaded_once_per_content_version_and_never_shared(db):
    loads = []
    values = page_cache.LocalValues(size=1, seconds=60)

    def load():
        loads.append(1)
        return ["big"]

    assert page_cache.kept_in_process("snapshot", load, values) == ["big"]
    assert page_cache.kept_in_process("snapshot", load, values) == ["big"]
    assert len(loads) == 1
    assert cache.get(page_cache.shared_key("snapshot")) is None  # never sent to the cache
    bump_content_version()
    page_cache.kept_in_process("snapshot", load, values)
    assert len(loads) == 2


def test_process_copies_are_loaded_every_time_while_the_cache_is_down(db):
    loads = []
    values = page_cache.LocalValues(size=1, seconds=60)
    with mock.patch.object(cache, "get", side_effect=ConnectionError("down")):
        for _ in range(2):
            page_cache.kept_in_process("snapshot", lambda: loads.append(1) or "value", values)
    assert len(loads) == 2


def test_a_change_saved_on_another_server_retires_this_servers_copies(client, guide):
    """Another server's save reaches this one only as a new version in the shared cache."""
    path = f"/en/guides/{guide.slug}/"
    assert "tel:10086" in get(client, path).content.decode()
    # As another server would change it: the row, then the shared version, nothing local.
    guide.operator.contacts.update(value="10010")
    bump_content_version()
    assert "tel:10010" in get(client, f"{path}?from=feed").content.decode()


def test_a_render_reads_the_shared_cache_once(client, guide, make_guide):
    """The page lookup fetches the version too; shared reads this process holds at that
    version (notes, contacts, filter options, tallies) need no further round trip."""
    other = make_guide(operator=guide.operator, channel=guide.channel, slug="other")
    get(client, f"/en/guides/{guide.slug}/")
    get(client, "/en/guides/")
    shared = mock.MagicMock(wraps=cache)
    with (
        mock.patch("guides.caching.pages.cache", shared),
        mock.patch("guides.caching.content.cache", shared),
    ):
        assert get(client, f"/en/guides/{other.slug}/")["X-Cache"] == "miss"
        assert get(client, f"/en/guides/?channel={guide.channel.slug}")["X-Cache"] == "miss"
    reads = [call[0] for call in shared.method_calls if call[0].startswith("get")]
    assert reads == ["get_many", "get_many"]


def test_a_guide_page_rendered_again_reads_only_the_guide_its_steps_and_facts(
    client, guide, django_assert_num_queries
):
    get(client, f"/en/guides/{guide.slug}/")
    # A parameter the page does not read misses the page cache (and is not stored); the notes,
    # contacts and routes it shares with the first render come from the cache.
    with django_assert_num_queries(3):
        response = get(client, f"/en/guides/{guide.slug}/?page=2")
    assert "X-Cache" not in response
    html = response.content.decode()
    assert "tel:10086" in html
    assert 'id="avoid-scams"' in html


def test_list_pages_share_the_tally_of_guides_until_the_content_changes(
    client, guide, django_assert_num_queries
):
    get(client, "/en/guides/")
    # Another list page: only its page of guides is read; the option counts come from the
    # tally the first page left in the cache.
    with django_assert_num_queries(1):
        response = get(client, f"/en/guides/?operator={guide.operator.slug}")
    assert response["X-Cache"] == "miss"
    assert "Cached guide" in response.content.decode()
    assert "1 guide" in response.content.decode()
    change_title(guide)
    changed = get(client, f"/en/guides/?channel={guide.channel.slug}")
    assert "A new title" in changed.content.decode()


def test_shared_reads_stored_by_an_earlier_release_are_not_read(client, guide, monkeypatch):
    """During a rolling deploy two releases share the cache and its content version; values
    stored in an earlier release's shape (here every shared read as a list) must not reach this
    one, which moves CACHE_FORMAT on whenever it changes a shape."""
    version = content_version()
    earlier_keys = [f"content:{name}" for name in ("guide-tally", "filter-choices:en")]
    monkeypatch.setattr(page_cache, "CACHE_FORMAT", page_cache.CACHE_FORMAT - 1)
    earlier_keys += [page_cache.shared_key(name) for name in ("guide-tally", "filter-choices:en")]
    monkeypatch.undo()
    for key in earlier_keys:
        cache.set(key, (version, ["an earlier release's shape"]))
    page_cache.local_values.values.clear()
    response = get(client, f"/en/guides/?operator={guide.operator.slug}")
    assert response.status_code == 200
    assert "Cached guide" in response.content.decode()


def test_pages_leave_the_shared_operators_and_channels_as_they_were(client, guide):
    """Every request of a process reads the same operator and channel objects; rendering pages
    in either language must not load a field into them or hang a related object on them."""

    def shared_parents():
        parents = page_cache.local_values.get("guide-parents", content_version())
        return [obj for by_id in parents.values() for obj in by_id.values()]

    def state(objects):
        return [
            ({k: v for k, v in vars(obj).items() if k != "_state"}, dict(obj._state.fields_cache))
            for obj in objects
        ]

    get(client, "/en/guides/")
    before = state(shared_parents())
    for language in ("en", "zh-hans"):
        for path in (f"guides/{guide.slug}/", "guides/?page=1", f"guides/{guide.slug}/?again=1"):
            assert get(client, f"/{language}/{path}").status_code == 200
    assert state(shared_parents()) == before


# Cache flooding: every distinct query string used to store a page of its own.


def test_tracking_parameters_are_served_the_canonical_cached_page(client, guide):
    path = f"/en/guides/?operator={guide.operator.slug}"
    canonical = get(client, path)
    assert canonical["X-Cache"] == "miss"
    for number in range(20):
        response = get(client, f"{path}&utm_source=flood{number}&fbclid=x{number}")
        assert response["X-Cache"] == "hit"
        assert response.content == canonical.content


def test_unknown_parameters_never_reach_the_page_or_its_links(client, guide):
    response = get(client, f"/en/guides/?utm_source=mail&operator={guide.operator.slug}&x=1")
    assert response["X-Cache"] == "miss"
    html = response.content.decode()
    assert "utm_source" not in html and "x=1" not in html
    assert f'href="/zh-hans/guides/?operator={guide.operator.slug}"' in html


def test_known_parameters_in_another_order_share_one_page(client, guide):
    operator, channel = guide.operator.slug, guide.channel.slug
    assert get(client, f"/en/guides/?operator={operator}&channel={channel}")["X-Cache"] == "miss"
    assert get(client, f"/en/guides/?channel={channel}&operator={operator}")["X-Cache"] == "hit"


@pytest.mark.parametrize(
    "path",
    [
        "/en/guides/?operator=no-such-operator",
        "/en/guides/?page=999",
        "/en/guides/?page=x",
        "/en/?q=not-read-here",
        "/en/guides/cached/?page=2",
        "/robots.txt?p=2",
    ],
)
def test_pages_for_unknown_or_unread_values_are_not_stored(client, guide, path):
    first = get(client, path)
    assert first.status_code == 200
    assert "X-Cache" not in first
    assert "X-Cache" not in get(client, path)


def test_pages_read_only_parameters_the_page_cache_knows():
    assert set(GuideListView.query_parameters) <= set(canonical.PAGE_QUERY_PARAMETERS)


# Cache flooding, second round: spellings of one page used to store a page each.


def spellings_of_one_page(operator, number):
    """A different spelling of the guide list for `operator`, page 1, for each `number`."""
    invisible = ["\x0b", "\x85", "\u200b", "\ufeff", "\x1f"][number % 5]
    upper = operator.upper() if number % 2 else operator
    return [
        f"?operator={upper}&operator=",
        f"?operator={operator}&operator={upper}&page=1&page=1",
        f"?operator={operator}&page=+1",
        f"?operator={quote(invisible)}{operator}{quote(invisible * (number % 7))}",
        f"?page=%20{'0' * (number % 9)}1&operator={operator}&operator={operator}",
    ][number % 5]


def hosts(number):
    return ["testserver", "TESTSERVER", "testserver.", f"testserver:{20000 + number}"][number % 4]


def test_every_spelling_of_one_page_is_one_stored_page(client, guide):
    canonical = get(client, f"/en/guides/?operator={guide.operator.slug}")
    assert canonical["X-Cache"] == "miss"
    for number in range(500):
        response = client.get(
            f"/en/guides/{spellings_of_one_page(guide.operator.slug, number)}",
            HTTP_HOST=hosts(number),
        )
        assert response.status_code == 200
        assert response["X-Cache"] == "hit"
        assert response.content == canonical.content
    assert stored_pages() == 1


@pytest.mark.parametrize("host", ["TESTSERVER", "testserver.", "testserver:20001"])
def test_a_page_names_the_canonical_host_whatever_host_was_sent(client, guide, host):
    response = client.get("/sitemap.xml", HTTP_HOST=host)
    assert "http://testserver/" in response.content.decode()
    assert host not in response.content.decode().replace("http://testserver/", "")


def test_the_same_search_in_other_case_spacing_or_invisible_characters_is_one_page(client, guide):
    spellings = ["cached guide", "CACHED  GUIDE", " Cached\u200b guide\ufeff", "ｃａｃｈｅｄ guide"]
    pages = [client.get("/en/guides/", {"q": spelling}) for spelling in spellings]
    assert [page["X-Cache"] for page in pages] == ["miss", "hit", "hit", "hit"]
    assert stored_pages() == 1
    assert 'value="cached guide"' in pages[0].content.decode()


def test_many_values_in_any_order_are_one_page(client, guide, make_guide):
    other = make_guide()
    slugs = [guide.operator.slug, other.operator.slug]
    first = get(client, f"/en/guides/?operator={slugs[0]}&operator={slugs[1]}")
    second = get(client, f"/en/guides/?operator={slugs[1].upper()}&operator={slugs[0]}")
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert stored_pages() == 1


def test_a_list_with_more_filter_values_than_readers_tick_is_served_not_stored(client, guide):
    """Each combination of known values would be a page of its own; readers tick one or two."""
    region = guide.operator.region.code.lower()
    few = f"?operator={guide.operator.slug}&channel={guide.channel.slug}&region={region}"
    assert get(client, f"/en/guides/{few}")["X-Cache"] == "miss"
    many = get(client, f"/en/guides/{few}&abroad=1")
    assert many.status_code == 200
    assert "X-Cache" not in many
    assert stored_pages() == 1
