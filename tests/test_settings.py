"""Production settings refuse to serve without secrets; commands and DEBUG need none."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVE = "import django; django.setup(); from site_config.wsgi import application"


def run(args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean["DJANGO_SETTINGS_MODULE"] = "site_config.settings"
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "x" * 50}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_serving_without_secrets_is_refused(env, missing):
    result = run(["-c", SERVE], **env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_serving_with_secrets_starts():
    result = run(["-c", SERVE], DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr


def test_debug_needs_no_secrets():
    assert run(["-c", SERVE], DJANGO_DEBUG="1").returncode == 0


@pytest.mark.parametrize(
    "command",
    [
        ["-m", "django", "check"],
        [str(Path(sys.executable).parent / "django-admin"), "check", "--pythonpath", "."],
    ],
    ids=["python -m django", "django-admin"],
)
def test_commands_run_any_way_need_no_secrets(command):
    result = run(command)
    assert result.returncode == 0, result.stderr


def test_runserver_still_needs_the_secrets():
    from site_config.settings import is_management_command

    assert not is_management_command(["manage.py", "runserver"])
    assert not is_management_command(["/usr/bin/gunicorn", "site_config.wsgi"])


def test_management_commands_need_no_secrets():
    result = run(["manage.py", "makemigrations", "--check", "--dry-run"])
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("setting", "prepared"), [("1", True), ("0", False)])
def test_prepared_statements_on_postgresql_can_be_turned_off(setting, prepared):
    show = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS'))"
    result = run(
        ["-c", f"import django; django.setup(); {show}"],
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/unused",
        DJANGO_DB_PREPARED_STATEMENTS=setting,
    )
    assert result.returncode == 0, result.stderr
    assert ("'prepare_threshold': 5" in result.stdout) is prepared
