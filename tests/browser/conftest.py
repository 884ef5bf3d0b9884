"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against live_server.

Without the browser these tests skip with a clear message; with REQUIRE_BROWSER=1
(as .ci/run sets) a missing browser fails instead.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# A host for "another site's" pictures, answered by a server of the test on 127.0.0.1
# (test_remote_images.py): Chromium treats 127.0.0.1 itself as trustworthy and never upgrades it.
REMOTE_PICTURE_HOST = "pictures.remote.test"
CHROMIUM_ARGS = [
    f"--host-resolver-rules=MAP {REMOTE_PICTURE_HOST} 127.0.0.1",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests
# make to set up data are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _require_browser():
    if not os.path.exists(CHROMIUM):
        message = f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """screenshot(page, "home") saves test-artifacts/home.png (ignored by git)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def save(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
