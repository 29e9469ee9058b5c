"""Hostile input never breaks a page: no 500, and nothing a visitor sends comes back unescaped."""

import itertools
import json
import re
import xml.etree.ElementTree as ET
from io import StringIO
from urllib.parse import quote, unquote

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from guides.caching.canonical import canonical_query
from guides.checker.lookup import check_number
from guides.editorial import backup
from guides.models import Feedback, Guide, MissedSearch, OfficialContact
from guides.models.verdicts import Verdict
from tests.admin_forms import change_url, guide_change_data
from tests.cache_entries import stored_pages
from tests.html_checks import active_content
from tests.public_pages import LANGUAGES, PAGES, UNPREFIXED

# Property tests: random and malformed requests at every public URL pattern.

# Every public page (tests/public_pages.py) without its query, and the feedback form.
PAGE_PATTERNS = [
    *dict.fromkeys(page.split("?")[0] for page in PAGES),
    "guides/{guide}/feedback/",
]
ATOM = "{http://www.w3.org/2005/Atom}"
PARAMS = ["operator", "channel", "region", "q", "page", "number", "p", "kind", "message"]
# Percent-escapes that are not UTF-8, not escapes at all, or control characters.
BROKEN_ESCAPES = ["%ff%fe", "%c3%28", "%e2%82", "%80", "%00", "%", "%zz", "%%", "%2", "%u0041"]


# Values that have broken parsers before: bracketed hosts, numbers too big for a float, paths.
TRICKY_VALUES = [
    "www.[x",
    "http://]globe.com.ph",
    "https://[::1",
    "tel:",
    "+",
    "00",
    "*#",
    "1e309",
    "-1",
    "0",
    "NaN",
    "../../etc/passwd",
    "a" * 64 + ".com",
    "xn--80ak6aa92e.com",
    "https://user:pass@host:99999/",
]


@st.composite
def markers(draw):
    """Markup that must never come back as markup, tagged so it can be found in a page."""
    tag = f"hx{draw(st.integers(0, 10**6))}"
    return draw(
        st.sampled_from(
            [
                f"<script>{tag}</script>",
                f'"><img src=x onerror={tag}>',
                f"'><svg onload={tag}>",
                f"</title><b id={tag}>",
                f"javascript:{tag}()",
            ]
        )
    )


def odd_text():
    return st.one_of(
        st.sampled_from(TRICKY_VALUES),
        markers(),
        st.text(max_size=40),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=10),
        st.sampled_from(
            ["\x00", "\u202e", "\ufeff", "\U0001f4f1", "ｌ００８６", "𝟏𝟎𝟎𝟖𝟔", "e\u0301"]
        ),
        st.sampled_from(TRICKY_VALUES),
        st.integers(1_000, 60_000).map(lambda n: "9" * n),
        st.integers(-(10**30), 10**30).map(str),
    )


@st.composite
def raw_values(draw):
    """One query-string or path value, as it travels: escaped, raw, or broken."""
    text = draw(odd_text())
    style = draw(st.sampled_from(["quoted", "raw", "broken"]))
    if style == "quoted":
        return quote(text, safe="")
    if style == "raw":
        return text.replace("&", "").replace("#", "").replace("?", "")
    return quote(text, safe="") + draw(st.sampled_from(BROKEN_ESCAPES))


@st.composite
def query_strings(draw):
    # Mostly the parameters pages read, so that their parsing is what gets exercised.
    keys = st.one_of(st.sampled_from(PARAMS), st.sampled_from(PARAMS), raw_values())
    pairs = draw(st.lists(st.tuples(keys, raw_values()), max_size=12))
    # Keys repeat freely: `operator=a&operator=b` is legitimate, `page=1&page=x` is not.
    return "&".join(f"{key}={value}" for key, value in pairs)


@pytest.fixture
def site(make_guide, make_contact, make_note, make_region):
    guide = make_guide(slug="hostile-guide")
    make_contact(operator=guide.operator)
    make_note().channels.add(guide.channel)
    return {"guide": guide.slug, "operator": guide.operator.slug, "channel": guide.channel.slug}


def assert_handled(response, sent):
    """No server error, and nothing sent comes back as live markup."""
    assert response.status_code < 500, response.status_code
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    html = response.content.decode(errors="replace")
    assert active_content(html) == []
    for marker in sent:
        assert marker not in html, marker


def decoded_markers(text):
    """The markers in `text` as the server will see them once it has decoded the escapes."""
    decoded = unquote(text)
    return [m for m in ("<script>", "<img src=x", "<svg onload", "<b id=") if m in decoded]


PATHS = [f"/{lang}/{pattern}" for lang in LANGUAGES for pattern in PAGE_PATTERNS] + UNPREFIXED


@pytest.mark.parametrize("path", PATHS)
@given(query=query_strings())
def test_query_strings_never_break_a_page(client, site, path, query):
    cache.clear()
    response = client.get(f"{path.format(**site)}?{query}")
    assert_handled(response, decoded_markers(query))


@pytest.mark.parametrize("language", LANGUAGES)
@given(
    pattern=st.sampled_from(PAGE_PATTERNS),
    segments=st.lists(raw_values(), min_size=1, max_size=4),
)
def test_malformed_paths_never_break_a_page(client, site, language, pattern, segments):
    cache.clear()
    path = f"/{language}/{pattern.format(**site)}" + "/".join(segments)
    response = client.get(path)
    assert_handled(response, decoded_markers(path))


@pytest.mark.parametrize("language", LANGUAGES)
@given(
    slug=st.one_of(raw_values(), st.from_regex(r"\A[-a-zA-Z0-9_]{1,80}\Z")),
    pattern=st.sampled_from(["guides/{}/", "operators/{}/", "channels/{}/", "guides/{}/feedback/"]),
)
def test_unknown_slugs_are_not_found(client, site, language, slug, pattern):
    response = client.get(f"/{language}/" + pattern.format(slug))
    assert_handled(response, decoded_markers(slug))


FEEDBACK_FIELDS = ["kind", "message", "website", "csrfmiddlewaretoken", "kind[]", ""]


@pytest.mark.parametrize("language", LANGUAGES)
@given(
    fields=st.lists(
        st.tuples(st.one_of(st.sampled_from(FEEDBACK_FIELDS), odd_text()), odd_text()),
        max_size=8,
    ),
    encoding=st.sampled_from(["multipart", "urlencoded", "broken"]),
    # Mostly our own origin, so that the form itself is what gets exercised.
    origin=st.sampled_from(
        ["http://testserver"] * 4 + ["http://[testserver", "null", "", "https://evil.example"]
    ),
)
def test_feedback_posts_never_break_the_form(client, site, language, fields, encoding, origin):
    cache.clear()
    path = f"/{language}/guides/{site['guide']}/feedback/"
    headers = {"HTTP_ORIGIN": origin}
    if encoding == "multipart":
        data = {}
        for key, value in fields:
            data.setdefault(key.replace("\x00", ""), []).append(value)
        response = client.post(path, data, **headers)
    else:
        body = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in fields)
        if encoding == "broken":
            body += "&message=%ff%fe%00&kind=%c3%28&%=%"
        response = client.post(
            path, body, content_type="application/x-www-form-urlencoded", **headers
        )
    sent = [marker for _, value in fields for marker in decoded_markers(quote(value))]
    assert_handled(response, sent)


@pytest.mark.parametrize("path", PATHS)
@given(fields=st.dictionaries(odd_text(), odd_text(), max_size=5))
def test_posts_to_every_page_never_break_it(client, site, path, fields):
    cache.clear()
    response = client.post(path.format(**site), fields, HTTP_ORIGIN="http://testserver")
    assert_handled(response, [])


# Regressions: an unbalanced bracket in a host made urlsplit raise, and the page answer 500.


@pytest.mark.parametrize("typed", ["www.[x", "http://]globe.com.ph", "https://[::1", "a.com]/x"])
def test_number_checker_calls_a_malformed_web_address_invalid(db, typed):
    assert check_number(typed).verdict == Verdict.INVALID


@pytest.mark.parametrize("typed", ["www.[x", "http://]globe.com.ph"])
def test_number_check_page_survives_a_malformed_web_address(client, db, typed):
    response = client.get("/en/check/", {"number": typed})
    assert response.status_code == 200


def test_malformed_contact_web_address_is_a_form_error_not_a_crash(make_operator):
    contact = OfficialContact(
        operator=make_operator(),
        kind=OfficialContact.Kind.WEBSITE,
        value="https://[globe.com.ph",
        purpose_zh_hans="官网",
        source_url="https://www.globe.com.ph/",
    )
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "value" in error.value.message_dict


@pytest.mark.parametrize("origin", ["http://[testserver", "http://testserver]", "http://[::1"])
def test_feedback_with_a_malformed_origin_is_refused(client, make_guide, origin):
    guide = make_guide()
    response = client.post(
        f"/en/guides/{guide.slug}/feedback/", {"kind": "helpful"}, HTTP_ORIGIN=origin
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("path", "title"),
    [("/en/guides/", "Bad request"), ("/zh-hans/guides/", "请求无效"), ("/sitemap.xml", None)],
)
def test_a_host_the_site_does_not_serve_gets_the_400_page_not_a_500(client, db, path, title):
    """Regression: the 400 page's language links named the refused host, and raised again."""
    client.raise_request_exception = False
    response = client.get(path, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "default-src 'none'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "evil.example" not in html
    if title:
        assert title in html


# Tracking and made-up parameters: one stored page per page, however many there are.


@pytest.mark.parametrize("path", PATHS)
def test_tracking_parameters_never_store_a_page_of_their_own(client, site, path):
    path = path.format(**site)
    first = client.get(f"{path}?utm_source=mail1&fbclid=abc1")
    second = client.get(f"{path}?utm_source=mail2&gclid=xyz2&made_up=3")
    assert second.status_code == first.status_code
    if first.get("X-Cache") == "miss":
        assert second["X-Cache"] == "hit"
    else:
        assert "X-Cache" not in second


# The language switcher builds links only from the site's own paths and query parameters.


def hrefs(html):
    return re.findall(r'href="([^"]*)"', html)


@pytest.mark.parametrize(
    "path",
    [
        "/%2F%2Fevil.example/",
        "/%5C%5Cevil.example/",
        "/http://evil.example/",
        "/en/%2F%2Fevil.example/",
        "/nope/?next=//evil.example/",
    ],
)
def test_no_link_on_an_error_page_leads_off_the_site(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    for href in hrefs(response.content.decode()):
        if href.startswith("#"):
            continue
        href = href.removeprefix("http://testserver")
        # A browser reads `//host` and `/\\host` as another site's address.
        assert href.startswith("/") and not href.startswith(("//", "/\\")), href


def test_the_language_switcher_keeps_only_the_pages_own_parameters(client, site):
    operator = site["operator"]
    html = client.get(f"/en/guides/?operator={operator}&next=//evil.example/").content.decode()
    assert f"/zh-hans/guides/?operator={operator}" in hrefs(html)
    assert "evil.example" not in html


# NUL bytes: PostgreSQL refuses them in text (psycopg.DataError), so one that reached a query
# was a 500 there. They are refused before any view runs, on both databases.

NUL_PUBLIC_PATHS = [
    "/en/preview/%00/",
    "/zh-hans/preview/abc%00def/",
    "/en/guides/%00/",
    "/en/guides/?region=%00",
    "/en/guides/?operator=a%00b&q=%00",
    "/en/check/?number=10086%00",
    "/sitemap.xml?p=%00",
    "/en/%00/",
]


@pytest.mark.parametrize("path", NUL_PUBLIC_PATHS)
def test_nul_bytes_in_public_addresses_are_refused_not_a_500(client, site, path):
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code in (400, 404), response.status_code


def test_a_nul_byte_gets_the_400_page_in_the_readers_language(client, site):
    response = client.get("/zh-hans/guides/?region=%00")
    assert response.status_code == 400
    assert "请求无效" in response.content.decode()


NUL_ADMIN_PATHS = [
    "guides/guide/?status__exact=%00",
    "guides/guide/?region=%00",
    "guides/guide/?q=%00",
    "guides/guide/?operator__id__exact=%00",
    "guides/feedback/?status__exact=%00&kind__exact=%00",
    "guides/safetynote/?topic__exact=%00",
    "guides/operator/?region__id__exact=%00",
    "guides/guide/%00/change/",
    "guides/guide/%00/preview/en/",
    "guides/guide/%00/compare-with-published/",
    "guides/guide/%00/history/",
    "guides/guide/preview/%00/",
]


@pytest.mark.parametrize("path", NUL_ADMIN_PATHS)
def test_nul_bytes_in_admin_addresses_are_refused_not_a_500(editor_client, site, path):
    editor_client.raise_request_exception = False
    response = editor_client.get(f"/admin/{path}")
    assert response.status_code in (400, 404), response.status_code


# Spellings of one page (case, repeats, empty values, invisible characters, page numbers, the
# Host's case, dot and port) are all served the one page stored for its canonical address.

INVISIBLE = ["", "\x0b", "\x1f", "\x85", "\x9f", "\u200b", "\u2060", "\ufeff", "\u202e"]
HOSTS = ["testserver", "TESTSERVER", "testserver.", "TestServer.:20001", "testserver:80"]


@st.composite
def spellings_of_the_operator_list(draw, operator):
    def spelled():
        slug = operator.upper() if draw(st.booleans()) else operator
        before, after = draw(st.sampled_from(INVISIBLE)), draw(st.sampled_from(INVISIBLE))
        spaces = " " * draw(st.integers(0, 2))
        return quote(f"{spaces}{before}{slug}{after}{spaces}", safe="")

    pairs = [f"operator={spelled()}" for _ in range(draw(st.integers(1, 3)))]
    pairs += ["operator="] * draw(st.integers(0, 2))
    pairs += [f"page={page}" for page in draw(st.lists(st.sampled_from(["1", "+1", "01", "%201"])))]
    return "&".join(draw(st.permutations(pairs)))


@pytest.mark.parametrize("language", LANGUAGES)
@given(data=st.data())
def test_every_spelling_of_a_page_is_served_its_one_stored_page(client, site, language, data):
    canonical = client.get(f"/{language}/guides/?operator={site['operator']}")
    query = data.draw(spellings_of_the_operator_list(site["operator"]))
    response = client.get(
        f"/{language}/guides/?{query}", HTTP_HOST=data.draw(st.sampled_from(HOSTS))
    )
    assert response["X-Cache"] == "hit"
    assert response.content == canonical.content
    assert stored_pages() == 1


# Request bodies over the limit, whatever their encoding, on every page.


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_bodies_over_the_limit_get_the_413_page_on_every_page(client, site, path, encoding):
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    if encoding == "multipart":
        data = {"kind": "other", "file": SimpleUploadedFile("big.bin", b"x" * size)}
        response = client.post(path.format(**site), data, HTTP_ORIGIN="http://testserver")
    else:
        body = "kind=other&message=" + "x" * size
        response = client.post(
            path.format(**site), body, content_type="application/x-www-form-urlencoded"
        )
    assert response.status_code == 413
    assert not Feedback.objects.exists()


# Searches that found nothing are counted in a bounded table, however many readers make.


def test_a_flood_of_searches_that_find_nothing_stays_within_the_cap(client, site, monkeypatch):
    monkeypatch.setattr(MissedSearch, "MAX_ROWS", 20)
    for first, second in list(itertools.product("abcdefgh", repeat=2))[:60]:
        response = client.get("/en/guides/", {"q": f"hamster{first}{second} gerbil"})
        assert response.status_code == 200
    assert MissedSearch.objects.count() == 20


@given(query=query_strings())
def test_a_canonical_query_is_its_own_canonical_form(query):
    """What a proxy cache in front of the site may rely on: normalising twice changes nothing."""
    once = canonical_query(QueryDict(query))
    assert canonical_query(QueryDict(once)) == once


# Control characters in editors' text (a vertical tab pasted from a word processor) made the
# Atom feed a 500: XML 1.0 cannot carry them. They are taken out whenever content is saved.


def parse_feed(response):
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 - our own feed


def test_a_control_character_in_a_title_saved_in_the_admin_never_reaches_the_feed(
    client, editor_client, make_guide
):
    guide = make_guide(slug="pasted-title")
    data = guide_change_data(guide, title_en="Top up\x0bat a kiosk\x1b", summary_en="One\x0ctwo")
    response = editor_client.post(change_url(guide), data)
    assert response.status_code == 302
    guide.refresh_from_db()
    assert (guide.title_en, guide.summary_en) == ("Top up at a kiosk", "One\ntwo")

    feed = parse_feed(client.get("/en/feed/"))
    assert feed.find(f"{ATOM}entry/{ATOM}title").text == "Top up at a kiosk"


@given(title=st.text(max_size=40), summary=st.text(max_size=40))
def test_no_title_or_summary_an_editor_saves_breaks_the_feed(client, site, title, summary):
    cache.clear()
    guide = Guide.objects.get(slug=site["guide"])
    guide.title_en, guide.summary_en = title, summary
    guide.save()
    parse_feed(client.get("/en/feed/"))


# Imports are checked as the admin checks an editor's save, the whole file or nothing.


@pytest.fixture
def export(make_guide, make_contact, make_scam_entry):
    guide = make_guide(slug="exported-guide")
    make_contact(operator=guide.operator, value="10086")
    make_scam_entry(region=guide.operator.region, value="+639170000000")
    return backup.export_content()


def row_of(data, model):
    return next(row for row in data["objects"] if row["model"] == model)


def import_file(tmp_path, data):
    path = tmp_path / "content.json"
    path.write_text(json.dumps(data, cls=backup.ExportEncoder), encoding="utf-8")
    call_command("import_content", str(path), "--replace", stdout=StringIO())


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        # Official in the entry's own region: refused by the register's rule, whatever path.
        ("guides.scamentry", "value", "10086"),
        ("guides.guide", "source_url", "javascript:alert(1)"),
        ("guides.officialcontact", "source_url", "javascript:alert(1)//https://x.example/"),
        ("guides.guide", "body_en", "x" * 5001),
        ("guides.guidestep", "text_en", "[" * 2001),
        ("guides.safetynote", "slug", "not a slug"),
        ("guides.officialcontact", "value", "10086; call 000"),
    ],
)
def test_an_import_is_refused_whole_naming_the_object_and_field(
    tmp_path, export, model, field, value
):
    row = row_of(export, model)
    row["fields"][field] = value
    before = {m._meta.label: m.objects.count() for m in backup.EXPORTED}

    with pytest.raises(CommandError) as refused:
        import_file(tmp_path, export)

    assert f"{model} {row['pk']}" in str(refused.value)
    assert f"“{field}”" in str(refused.value)
    assert {m._meta.label: m.objects.count() for m in backup.EXPORTED} == before
    assert Guide.objects.filter(slug="exported-guide").exists()


def test_an_import_is_normalised_as_an_editors_save(tmp_path, export):
    row_of(export, "guides.officialcontact")["fields"]["value"] = " 100-86 "
    row_of(export, "guides.guide")["fields"]["title_en"] = "Top up\x0bat a kiosk\x00"

    import_file(tmp_path, export)

    assert OfficialContact.objects.get().value == "10086"
    assert Guide.objects.get().title_en == "Top up at a kiosk"
