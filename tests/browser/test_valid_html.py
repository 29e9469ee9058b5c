"""The Nu Html Checker (vnu) finds no error on any public page type, in both languages."""

import json
import shutil
import subprocess

import pytest

from .conftest import VNU, require
from .pages import LANGUAGES, PAGE_TYPES


def test_public_pages_are_valid_html(client, demo, tmp_path):
    require(VNU, "The Nu Html Checker (vnu-jar)")
    if not shutil.which("java"):
        pytest.fail("vnu needs a Java runtime: apt-get install default-jre-headless")
    files = {}
    for name, path in PAGE_TYPES.items():
        for language in LANGUAGES:
            response = client.get(path.format(lang=language))
            assert response.status_code in (200, 404), path
            file = tmp_path / f"{len(files):02d}.html"
            file.write_bytes(response.content)
            files[str(file)] = f"{name} [{language}]"

    # A page the checker must reject, to prove that it really ran and reported.
    canary = tmp_path / "canary.html"
    canary.write_text('<!DOCTYPE html><html lang="en"><title>x</title><p><foo></html>')

    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files, str(canary)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert any(m.get("url", "").endswith("canary.html") for m in messages)
    messages = [m for m in messages if not m.get("url", "").endswith("canary.html")]
    errors = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))} "
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert errors == []
