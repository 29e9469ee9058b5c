"""Fixtures for tests in a real browser: Debian's Chromium driven by Playwright.

The site runs in pytest-django's live server on a free local port, with the demo content
loaded. The checkers (axe-core, the Nu Html Checker) come from the npm registry through
tests/browser/package.json; `make test` installs them.
"""

import os
import tempfile
from pathlib import Path

import pytest

BROWSER_DIR = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"
VNU = BROWSER_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The README's screenshots: refreshed by `make screenshots`; other runs write to a temporary
# folder, so a test run leaves the work tree as it was.
SCREENSHOTS = (
    BROWSER_DIR.parent.parent / "docs" / "screenshots"
    if os.environ.get("UPDATE_SCREENSHOTS")
    else Path(tempfile.gettempdir()) / "topup-guides-screenshots"
)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Flags for headless Chromium on a machine with no outside network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require(path, what):
    """Skip on a developer machine without the tool; fail in CI, where .ci/run installs it."""
    if not path.exists():
        message = f"{what} not found at {path}: run .ci/run, or see README (browser tests)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    require(CHROMIUM, "Chromium")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made here by
    # the tests (fixtures, assertions) are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, data_migration_rows, demo):
    """The live site's base URL, with the demo content loaded.

    The live server needs a transactional database: see `data_migration_rows`.
    """
    return live_server.url


def new_page(browser, viewport, **options):
    context = browser.new_context(viewport=viewport, **options)
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def phone(browser):
    page = new_page(browser, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield page
    page.context.close()


@pytest.fixture
def desktop(browser):
    page = new_page(browser, DESKTOP)
    yield page
    page.context.close()


@pytest.fixture(scope="session")
def axe_source():
    require(AXE, "axe-core")
    return AXE.read_text(encoding="utf-8")


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
