import os
import subprocess
import sys
from pathlib import Path

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
