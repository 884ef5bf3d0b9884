import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run_check(extra_env):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for Playwright by tests/browser/conftest.py at
    # collection time; production never has it, and check --deploy rightly refuses it.
    ignored = {"SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _run_check({"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_deploy_check_passes_with_production_variables():
    result = _run_check(
        {
            "DJANGO_DEBUG": "0",
            "SECRET_KEY": "x" * 64 + "-production-key-for-the-check",
            "ALLOWED_HOSTS": "news.example.cn",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _settings_value(extra_env, expression):
    ignored = {"SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update(extra_env)
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_debug_is_off_unless_asked_for():
    result = _settings_value({"SECRET_KEY": "k" * 50}, "settings.DEBUG")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
    asked = _settings_value({"SECRET_KEY": "k" * 50, "DJANGO_DEBUG": "1"}, "settings.DEBUG")
    assert asked.stdout.strip() == "True"


def test_site_without_any_variable_refuses_to_start_and_says_how_to_fix_it():
    # Today's trap was the opposite: nothing set meant DEBUG on and a public key.
    result = _settings_value({}, "settings.SECRET_KEY")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    assert "DJANGO_DEBUG=1" in result.stderr  # the way out for a laptop is named
    assert "dev-only" not in result.stdout


@pytest.mark.parametrize("target", ["run", "demo", "test"])
def test_make_targets_set_debug_explicitly(target, tmp_path):
    # Every command the target runs reports the DJANGO_DEBUG it was given; nothing is installed.
    probe = tmp_path / "probe"
    probe.write_text('#!/bin/sh\necho "DJANGO_DEBUG=$DJANGO_DEBUG"\n')
    probe.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    result = subprocess.run(
        ["make", "-s", target, f"VENV={tmp_path}", "PYTHON=true", "PIP=true", f"PY={probe}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("DJANGO_DEBUG=")]
    assert lines, result.stdout + result.stderr
    assert set(lines) == {"DJANGO_DEBUG=1"}


@pytest.mark.django_db
def test_sqlite_keeps_a_large_page_cache_per_connection():
    # 2 MB, SQLite's default, is less than an admin search reads: every request read it again.
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("a SQLite setting")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == -65536


@pytest.mark.django_db
def test_postgresql_prices_index_walks_for_memory():
    # The server's default (4) priced the speech list by a tag as a hash of every speech.
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == 1.1


def test_sqlite_keeps_an_init_command_the_database_url_gives(tmp_path):
    # bench.generate.read_only opens an archive with PRAGMA query_only; the page cache's
    # init_command replaced it, so the "read-only" archive could be written.
    url = f"sqlite:///{tmp_path / 'archive.sqlite3'}?init_command=PRAGMA%20query_only%3D1"
    code = (
        "from django.db import connection; cursor = connection.cursor();"
        "pragma = lambda name: cursor.execute(f'PRAGMA {name}').fetchone()[0];"
        "print(pragma('query_only'), pragma('cache_size'))"
    )
    result = _settings_value({"SECRET_KEY": "k" * 50, "DATABASE_URL": url}, f"exec({code!r})")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["1", "-65536"]
