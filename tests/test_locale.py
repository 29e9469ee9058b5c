"""Translations: every .po file is compiled, complete, and used by the site."""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
PO_FILES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))


def parse_po(path):
    """A small .po reader: {msgid: msgstr} (plurals: msgstr[0]), fuzzy entries skipped."""
    catalog, entry, key, fuzzy = {}, {}, None, False

    def flush():
        if entry.get("msgid") and not fuzzy:
            catalog[entry["msgid"]] = entry.get("msgstr", entry.get("msgstr[0]", ""))

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            flush()
            entry, key, fuzzy = {}, None, False
        elif line.startswith("#,"):
            fuzzy = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return catalog


def test_locale_has_both_languages():
    assert {path.parent.parent.name for path in PO_FILES} == {"zh_Hans", "en"}


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parent.parent.name)
def test_po_files_are_compiled(po_path):
    """Fails when a .po file was edited and `make messages` was not run to compile it."""
    with open(po_path.with_suffix(".mo"), "rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)._catalog
    for msgid, msgstr in parse_po(po_path).items():
        if msgstr:
            key = (msgid, 0) if (msgid, 0) in compiled else msgid
            assert compiled.get(key) == msgstr, msgid


def test_chinese_translation_is_complete():
    catalog = parse_po(LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po")
    missing = [msgid for msgid, msgstr in catalog.items() if not msgstr]
    assert missing == []


def test_site_name_is_translated():
    with translation.override("zh-hans"):
        assert translation.gettext("Top-up Guides") == "充值指南"
    with translation.override("en"):
        assert translation.gettext("Top-up Guides") == "Top-up Guides"
