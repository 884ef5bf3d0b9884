"""The benchmark's server settings: the site's own, plus the ceiling view (bench/urls.py).

bench/run.py starts gunicorn with DJANGO_SETTINGS_MODULE=bench.settings, so the site's
root URLconf never carries benchmark addresses.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urlconf"
# The ceiling view measures a bare request: never from the page cache.
PAGE_CACHE_EXCLUDE_PATHS = [*PAGE_CACHE_EXCLUDE_PATHS, "/__bench__/"]  # noqa: F405
