"""The test suite's settings: the site's own plus a test-only content type.

pytest reads these (pyproject.toml); ``make run``, the benchmark and production read
config.settings, which never list tests.bulletins.
"""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.bulletins"]
ROOT_URLCONF = "tests.urls"
