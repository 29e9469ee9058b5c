"""One registry of content models (guides.models.registry): every model is classified once, and
every content model has a history, stales the cached pages, is exported and is in the demo."""

import pytest
from django.apps import apps
from django.contrib import admin
from simple_history.models import HistoricalChanges

from guides.admin.history import HistoryAdmin
from guides.caching.content import content_version
from guides.editorial import backup
from guides.editorial.demo_records import LOADER_CHANGE_REASON, RecordLoading
from guides.models import Feedback
from guides.models.registry import (
    CONTENT,
    EDITORIAL_WORK,
    EXPORTED,
    READER_REPORTS,
    SITE_RECORDS,
)

SUBSETS = {
    "CONTENT": CONTENT,
    "READER_REPORTS": READER_REPORTS,
    "EDITORIAL_WORK": EDITORIAL_WORK,
    "SITE_RECORDS": SITE_RECORDS,
}


def app_models():
    """The app's own models: every concrete one but the historical copies simple-history makes."""
    return [
        model
        for model in apps.get_app_config("guides").get_models()
        if not issubclass(model, HistoricalChanges)
    ]


@pytest.mark.parametrize("model", app_models(), ids=lambda model: model.__name__)
def test_every_model_is_in_exactly_one_registry_subset(model):
    """A new model fails here until guides/models/registry.py says what it is."""
    subsets = [name for name, models in SUBSETS.items() if model in models]
    assert len(subsets) == 1, f"{model.__name__} is in {subsets or 'no subset'}"


def test_the_registry_names_only_the_apps_models():
    named = [model for models in SUBSETS.values() for model in models]
    assert sorted(named, key=str) == sorted(app_models(), key=str)


def test_content_and_only_content_keeps_a_history():
    historical = {
        model.instance_type
        for model in apps.get_app_config("guides").get_models()
        if issubclass(model, HistoricalChanges)
    }
    assert historical == set(CONTENT)


def test_the_export_is_content_and_what_readers_sent_each_after_what_it_refers_to():
    assert set(EXPORTED) == set(CONTENT) | set(READER_REPORTS)
    for position, model in enumerate(EXPORTED):
        for field in model._meta.get_fields():
            if field.concrete and (field.many_to_one or field.many_to_many):
                target = field.related_model
                assert target not in EXPORTED[position:] or target is model, (
                    f"{model.__name__}.{field.name} refers to {target.__name__}, exported later"
                )
    assert backup.EXPORTED == EXPORTED


def test_every_content_admin_has_the_history_view():
    for model in CONTENT:
        model_admin = admin.site._registry.get(model)
        if model_admin is not None:  # kept inline on its owner's page otherwise
            assert isinstance(model_admin, HistoryAdmin), model.__name__


def any_row(model):
    return model.objects.order_by("pk").first()


@pytest.mark.parametrize("model", CONTENT, ids=lambda model: model.__name__)
def test_saving_any_content_records_a_version_and_makes_the_cached_pages_stale(demo, model):
    obj = any_row(model)
    versions, before = obj.history.count(), content_version()

    obj.save()

    assert obj.history.count() == versions + 1
    assert content_version() > before


def test_the_export_has_every_content_model(demo):
    counts = backup.export_content()["counts"]
    assert [model.__name__ for model in CONTENT if not counts[model._meta.label]] == []


def test_the_demo_loader_writes_every_content_model_with_its_history(demo):
    """The demo files have some of every kind of content, written as the loader writes it."""
    missing = [
        model.__name__
        for model in CONTENT
        if not model.history.filter(history_change_reason=LOADER_CHANGE_REASON).exists()
    ]
    assert missing == []


def test_the_demo_loader_refuses_to_write_what_is_not_content(db):
    with pytest.raises(ValueError, match="not content"):
        RecordLoading().upsert(Feedback, {"pk": 1}, {})
