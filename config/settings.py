"""Gongjiang settings: one file, read from the environment.

Defaults are safe: DEBUG is off unless DJANGO_DEBUG=1, and without DEBUG the site
refuses to start without a SECRET_KEY. `make run` and the tests set DJANGO_DEBUG=1
themselves; see README.md for every variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name, default)
    return [item.strip() for item in value.split(",") if item.strip()]


# Off unless asked for: a forgotten variable must never expose tracebacks and a public key.
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DJANGO_DEBUG is off (生产环境必须设置 SECRET_KEY). "
            "In production set SECRET_KEY to a long random string; on a development machine "
            "run `make run`, or set DJANGO_DEBUG=1 (本机开发请设置 DJANGO_DEBUG=1)."
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# The public address of the site. Feeds, sitemaps and sharing metadata build
# absolute URLs from it, never from the request's Host header.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "工匠")
# The sharing-card image of pages without one of their own (a static path or a URL):
# the default is the 工匠 masthead, which a publisher replaces with its own.
SHARE_IMAGE = os.environ.get("SHARE_IMAGE", "img/share.png")

INSTALLED_APPS = [
    "editorial.apps.DeskAdminConfig",  # django.contrib.admin with the editors' desk as its index
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "editorial.apps.LoginThrottlingConfig",  # django-axes, named in Chinese
    "csp",
    "django_prose_editor",  # the body editor's static files (editorial/body_editor.py)
    "editorial",
    "images",
    "people",
    "events",
    "articles",
    "speeches",
    "galleries",
    "ingest",
    "search",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so a cached page gets the header too.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files come precompressed) and outside the page cache, which
    # keeps the plain page and its strong ETag; gzip weakens the ETag (W/"…"), and the
    # cache's If-None-Match check compares weakly, so 304s still work. Django masks the
    # CSRF token per response, the BREACH mitigation this needs. Django's, at zlib level 1
    # (config/middleware.py).
    "config.middleware.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Answers a locked-out login with a page in Chinese (editorial/lockouts.py).
    "axes.middleware.AxesMiddleware",
    # Last, so every middleware above still runs on a cache hit (editorial/middleware.py).
    "editorial.middleware.PublicPageCacheMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.site",
            ],
        },
    },
]

# Widgets, labels and error lists through Django's Jinja2 form templates (config/renderers.py).
FORM_RENDERER = "config.renderers.FormRenderer"

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite's own page cache, per connection (kept for DB_CONN_MAX_AGE): 2 MB by default,
    # less than an admin search reads (the 2,000 unindexed articles' rows, 8 MB), so every
    # request read them again from the OS: 17 -> 8 ms for that statement at 100,000 articles.
    # Added to any init_command the URL gives (bench.generate.read_only's query_only), not
    # in its place: replacing it left the benchmarks' "read-only" archives writable.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["init_command"] = ";".join(
        filter(None, [options.get("init_command"), "PRAGMA cache_size = -65536"])
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The server's default random_page_cost (4) prices an index walk for a disk that seeks;
    # the archive is in memory, so the speech list by a tag on 21 % of 10,000 speeches read
    # and joined all of them in one hash (49 ms) rather than walking its listing index
    # until 50 matched (1.6 ms, 100,000 articles). 1.1 is the usual figure for SSD or RAM.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c random_page_cost=1.1")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_url(url):
    """CACHE_URL: redis://host:port/db, locmem:// (default) or dummy://."""
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url.startswith("dummy://"):
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gongjiang"}


CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "locmem://"))}

# Full-page cache for anonymous readers, never stale: keys carry a content generation bumped
# on every save and the next publish_at/expire_at moment (editorial/cache.py).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_EXCLUDE_PATHS = ["/admin/", "/i18n/", "/static/", "/media/"]
# Shared by the processes of one machine when the cache is local memory; empty = a temp file.
PAGE_CACHE_GENERATION_FILE = os.environ.get("PAGE_CACHE_GENERATION_FILE", "")
# Pages are kept per surrogate key (editorial/surrogate.py): a change purges the keys it
# affects. With the local-memory cache, purges reach the other processes of the machine
# through this log (editorial/purge_clock.py); empty = a file in the temp directory.
PAGE_CACHE_PURGE_LOG = os.environ.get("PAGE_CACHE_PURGE_LOG", "")
# Every change purges every page, as the single site-wide generation did (bench/edge_bench.py
# compares the two); off in normal use.
PAGE_CACHE_PURGE_EVERYTHING = env_bool("PAGE_CACHE_PURGE_EVERYTHING", False)

# Varnish instances in front of the app (deploy/varnish/), purged by surrogate key after
# each change commits (editorial/edge.py). Empty: no edge, and nothing is sent.
EDGE_CACHE_URLS = [url.strip() for url in os.environ.get("EDGE_CACHE_URLS", "").split(",") if url.strip()]
# How long the edge may keep a page (never past the next scheduled publish/expire moment);
# also how long a page outlives a purge that never reached Varnish.
EDGE_CACHE_SECONDS = int(os.environ.get("EDGE_CACHE_SECONDS", "3600"))
# The editor's request waits at most this long for purges to reach Varnish; the rest is retried.
EDGE_PURGE_WAIT = float(os.environ.get("EDGE_PURGE_WAIT", "0.5"))
EDGE_PURGE_TIMEOUT = float(os.environ.get("EDGE_PURGE_TIMEOUT", "2"))
EDGE_PURGE_ATTEMPTS = int(os.environ.get("EDGE_PURGE_ATTEMPTS", "5"))

# Content-Security-Policy on every page, public and admin: scripts and styles only from our
# static files, no inline script, style or handler, so cached pages need no per-request
# nonce. Images may come from anywhere on the web: imported bodies keep remote image URLs.
# tests/browser/test_csp.py visits every page type in Chromium and fails on any violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # blob: the image chooser previews a picked or pasted file before it is uploaded
        "img-src": [SELF, "https:", "http:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Remote pictures of imported pieces fetched into the image library (images/fetching.py):
# seconds per picture in all, and whether loopback/private addresses may be fetched
# (off: a document cannot make the server read its own network).
IMAGE_FETCH_TIMEOUT = float(os.environ.get("IMAGE_FETCH_TIMEOUT", "10"))
IMAGE_FETCH_ALLOW_PRIVATE = env_bool("IMAGE_FETCH_ALLOW_PRIVATE", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "config.storage.StaticStorage"
        )
    },
}

# Uploads: Django streams anything above this to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

LOGIN_URL = "admin:login"

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account
# from one address, that account is locked for that address for the cool-off time. State is
# in the database (AccessAttempt), so every worker and server sees it. Lockouts are audited
# (gongjiang.user.locked_out, editorial/lockouts.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "editorial.lockouts.lockout_response"  # templates/axes/lockout.html, 429
# Behind TRUSTED_PROXY_COUNT proxies the client is that many entries from the end of
# X-Forwarded-For; 0 (the default) trusts no header and uses the socket's address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "editorial.lockouts.client_ip"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongjiang@localhost")

TAGGIT_CASE_INSENSITIVE = True

# Editors paste bare domains into URL fields; assume https (Django 6 default).
FORMS_URLFIELD_ASSUME_HTTPS = True

# Editorial workflow: how many review stages (三审 by default; 1 or 2 for small sites).
GONGJIANG_REVIEW_STAGES = int(os.environ.get("GONGJIANG_REVIEW_STAGES", "3"))

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
