"""Shared fixtures: small factory functions for the content model, logged-in clients, and the
demo content. Loading the demo content takes seconds, so it is loaded once per session and its
rows written back in each test that asks for `demo` (why and how: tests/demo_snapshot.py); the
other tests find the database as migrations left it."""

import datetime
import itertools
import os

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from guides.models import (
    Authority,
    Channel,
    Guide,
    GuideStep,
    OfficialContact,
    Operator,
    PaymentProvider,
    Region,
    SafetyNote,
    ScamEntry,
    SourceCheck,
    SourceKind,
)

from .demo_snapshot import DemoSnapshot

_sequence = itertools.count(1)

# Property tests: a bounded, repeatable run for `make test` and CI; HYPOTHESIS_PROFILE=thorough
# for a long hunt. Each example is a full request, so there is no per-example deadline, and the
# Django test client and database are function-scoped fixtures shared by a test's examples.
_hypothesis_base = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
hypothesis_settings.register_profile(
    "suite", max_examples=30, derandomize=True, database=None, **_hypothesis_base
)
hypothesis_settings.register_profile("thorough", max_examples=2000, **_hypothesis_base)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


def unique(prefix):
    return f"{prefix}-{next(_sequence)}"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Start every test in the site's default language: a request in an earlier test may have
    left another one active in this thread (LocaleMiddleware activates, nothing resets)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def data_migration_rows(transactional_db):
    """For tests on a transactional database: the rows that data migrations create.

    A transactional test empties every table when it ends, rows that data migrations created
    included (the Editors group, the core safety notes), so the next one creates them again,
    idempotently, by running those migrations' code. (pytest-django's serialized rollback would
    restore a snapshot instead, but that snapshot is lost once Playwright has run in a test.)
    """
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    loader = MigrationLoader(connection)
    with connection.schema_editor() as schema_editor:
        for key in sorted(key for key in loader.disk_migrations if key[0] == "guides"):
            state = loader.project_state(key, at_end=True)
            for operation in loader.disk_migrations[key].operations:
                if isinstance(operation, RunPython):
                    operation.code(state.apps, schema_editor)


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo content as `load_demo_content` writes it, loaded once in the session's test
    database and rolled back, so that tests that do not ask for it find the database empty."""
    with django_db_blocker.unblock():
        return DemoSnapshot()


@pytest.fixture
def demo(db, demo_snapshot):
    """The demo content, as if `load_demo_content` had just run: in a test's transaction, rolled
    back after it like any row the test writes (or emptied after a transactional test)."""
    demo_snapshot.restore()


@pytest.fixture
def make_region(db):
    def make(code=None, **fields):
        code = code or "".join(chr(65 + int(c) % 26) for c in f"{next(_sequence):02d}")[-2:]
        fields.setdefault("name_zh_hans", f"地区{code}")
        fields.setdefault("name_en", f"Region {code}")
        return Region.objects.create(code=code, **fields)

    return make


@pytest.fixture
def make_operator(db, make_region):
    def make(region=None, **fields):
        slug = fields.pop("slug", None) or unique("operator")
        fields.setdefault("name_zh_hans", f"运营商 {slug}")
        fields.setdefault("name_en", f"Operator {slug}")
        return Operator.objects.create(region=region or make_region(), slug=slug, **fields)

    return make


@pytest.fixture
def make_channel(db):
    def make(kind=Channel.Kind.OPERATOR_APP, **fields):
        slug = fields.pop("slug", None) or unique("channel")
        fields.setdefault("name_zh_hans", f"渠道 {slug}")
        fields.setdefault("name_en", f"Channel {slug}")
        return Channel.objects.create(slug=slug, kind=kind, **fields)

    return make


@pytest.fixture
def make_contact(db, make_operator):
    def make(operator=None, kind=OfficialContact.Kind.SHORT_CODE, value="10086", **fields):
        fields.setdefault("purpose_zh_hans", "客服热线")
        fields.setdefault("purpose_en", "Customer service")
        fields.setdefault("source_url", "https://www.10086.cn/")
        fields.setdefault("source_kind", SourceKind.OPERATOR)
        return OfficialContact.objects.create(
            operator=operator or make_operator(), kind=kind, value=value, **fields
        )

    return make


@pytest.fixture
def make_authority(db, make_region):
    def make(region=None, value="110", role=Authority.Role.POLICE, **fields):
        fields.setdefault("kind", Authority.Kind.SHORT_CODE)
        fields.setdefault("name_zh_hans", "公安机关")
        fields.setdefault("name_en", "Police")
        fields.setdefault("purpose_zh_hans", "报警电话")
        fields.setdefault("purpose_en", "Police emergency number")
        fields.setdefault("source_url", "http://gaj.cq.gov.cn/")
        fields.setdefault("source_kind", SourceKind.GOVERNMENT)
        return Authority.objects.create(
            region=region or make_region(), value=value, role=role, **fields
        )

    return make


@pytest.fixture
def make_provider(db, make_region):
    def make(region=None, **fields):
        slug = fields.pop("slug", None) or unique("provider")
        fields.setdefault("name_zh_hans", f"支付 {slug}")
        fields.setdefault("name_en", f"Wallet {slug}")
        return PaymentProvider.objects.create(slug=slug, region=region or make_region(), **fields)

    return make


@pytest.fixture
def make_scam_entry(db, make_region):
    def make(region=None, value="+639170000000", kind=ScamEntry.Kind.PHONE, **fields):
        fields.setdefault("evidence", ScamEntry.Evidence.PUBLIC_ALERT)
        fields.setdefault("evidence_url", "https://www.adcc.gov.hk/en-hk/alerts.html")
        fields.setdefault("description_zh_hans", "冒充客服，要求转账")
        fields.setdefault("description_en", "Poses as customer service and asks for a transfer")
        return ScamEntry.objects.create(
            region=region or make_region(), value=value, kind=kind, **fields
        )

    return make


@pytest.fixture
def make_broken_source_check(db):
    def make(item, url=None):
        """A check that found the source `item` cites (or `url`) gone: HTTP 404, just now."""
        return SourceCheck.objects.create(
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
            url=url or item.source_url,
            result=SourceCheck.Result.BROKEN,
            status_code=404,
            detail="HTTP 404",
            checked_at=timezone.now(),
        )

    return make


@pytest.fixture
def make_guide(db, make_operator, make_channel):
    def make(operator=None, channel=None, steps=3, status=Guide.Status.PUBLISHED, **fields):
        slug = fields.pop("slug", None) or unique("guide")
        fields.setdefault("title_zh_hans", f"充值指南 {slug}")
        fields.setdefault("title_en", f"Top-up guide {slug}")
        fields.setdefault("summary_zh_hans", "摘要")
        fields.setdefault("summary_en", "Summary")
        fields.setdefault("last_verified_on", timezone.localdate())
        fields.setdefault("source_url", "https://example.org/official")
        fields.setdefault("source_kind", SourceKind.OPERATOR)
        guide = Guide.objects.create(
            slug=slug,
            operator=operator or make_operator(),
            channel=channel or make_channel(),
            status=Guide.Status.DRAFT,
            **fields,
        )
        for number in range(1, steps + 1):
            GuideStep.objects.create(
                guide=guide,
                order=number,
                text_zh_hans=f"第{number}步",
                text_en=f"Step {number}",
            )
        if status != Guide.Status.DRAFT:
            guide.status = status
            guide.save()
        return guide

    return make


@pytest.fixture
def make_note(db):
    def make(topic=SafetyNote.Topic.FEES, applies_to_all=False, **fields):
        slug = fields.pop("slug", None) or unique("note")
        fields.setdefault("title_zh_hans", f"提示 {slug}")
        fields.setdefault("title_en", f"Note {slug}")
        fields.setdefault("body_zh_hans", "正文")
        fields.setdefault("body_en", "Body")
        return SafetyNote.objects.create(
            slug=slug, topic=topic, applies_to_all=applies_to_all, **fields
        )

    return make


@pytest.fixture
def editor(db, django_user_model):
    user = django_user_model.objects.create_user(
        username="editor", password="correct horse battery", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    """An editor's browser, asking for English so that tests can read the admin's messages."""
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def long_ago(today):
    return today - datetime.timedelta(days=400)


@pytest.fixture
def make_staff(db, django_user_model):
    """A staff member in the named groups (none for no permissions at all)."""

    def make(username, *groups):
        user = django_user_model.objects.create_user(
            username=username, password="correct horse battery", is_staff=True
        )
        user.groups.add(*Group.objects.filter(name__in=groups))
        return user

    return make


@pytest.fixture
def login():
    """A separate browser logged in as `user`, asking for English, e.g. for a second editor."""

    def make(user):
        browser = Client(HTTP_ACCEPT_LANGUAGE="en")
        browser.force_login(user)
        return browser

    return make


@pytest.fixture
def reviewer(make_staff):
    return make_staff("reviewer", "Reviewers")


@pytest.fixture
def reviewer_client(login, reviewer):
    return login(reviewer)
