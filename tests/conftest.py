"""Shared fixtures and test-only speed-ups (never in settings.py)."""

import pytest


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(tmp_path)}
    }
    # The page cache's generation and purge log live in files shared by the processes of a
    # checkout (editorial/cache.py): another test run's save would renew this test's memos
    # mid-test and show up as extra queries in its budget.
    settings.PAGE_CACHE_GENERATION_FILE = str(tmp_path / "generation")
    settings.PAGE_CACHE_PURGE_LOG = str(tmp_path / "purges.log")
    settings.SITE_URL = "https://news.example.cn"
    settings.LANGUAGE_CODE = "zh-hans"
    yield


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chief", "chief@example.cn", "pass-123456")
    client.force_login(user)
    client.user = user
    return client


def pytest_terminal_summary(terminalreporter):
    """CI sets REQUIRE_BROWSER=1: say loudly if any browser test was skipped."""
    import os

    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "tests/browser" in str(report.nodeid)
    ]
    if skipped and os.environ.get("REQUIRE_BROWSER"):
        terminalreporter.write_line(
            f"{len(skipped)} browser tests were skipped but REQUIRE_BROWSER=1", red=True
        )
