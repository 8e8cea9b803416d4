"""One settings module, driven by environment variables.

DJANGO_ENV         "development" (the default) or "production"; production refuses to start
                   without DJANGO_SECRET_KEY and ALLOWED_HOSTS, and turns on HTTPS redirects,
                   HSTS and JSON logs (config/gunicorn.conf.py sets it)
DATABASE_URL       sqlite:///path or postgres://user@host:port/name (default: SQLite db.sqlite3)
DJANGO_SECRET_KEY  required in production
DJANGO_DEBUG       "1" turns on debug mode (development only)
ALLOWED_HOSTS      comma-separated host names (required in production; no "*" there)
TRUSTED_PROXIES    comma-separated addresses or networks of the proxies in front of the site,
                   whose X-Forwarded-For names the client (login throttling; config/proxy.py)
DJANGO_HTTPS       "0" when the site is not served over HTTPS (default: on unless DJANGO_DEBUG)
DJANGO_HSTS_SECONDS, DJANGO_HSTS_PRELOAD   Strict-Transport-Security in production
DJANGO_STATIC_ROOT where collectstatic puts the static files (default: staticfiles/)
LOG_LEVEL          root log level (default WARNING)
SITE_URL           the site's address (https://host), which `manage.py export_visits` writes
                   the tours' addresses under (default: https:// and the first of ALLOWED_HOSTS
                   in production, http://localhost:8000 in development)
DATA_LICENCE_NAME, DATA_LICENCE_URL   the licence the archive's data is published under,
                   which the JSON downloads name (default: CC BY 4.0)
ARCHIVE_CONTACT    where readers report an error in a record (an e-mail address or a URL),
                   named on the About page
DATASET_RELEASES_DIR   where `manage.py publish_dataset` writes the dataset's releases and the
                   site serves them from (default: releases/)
"""

import hashlib
import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


# Production is explicit, not guessed: `manage.py` with nothing but DATABASE_URL set (CI, make
# test, hooks) must keep working, while a typo such as DJANGO_ENV=prod must not quietly mean
# development.
ENVIRONMENT = os.environ.get("DJANGO_ENV", "").strip().lower() or "development"
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV is {ENVIRONMENT!r}: use 'production' or 'development' (the default)."
    )
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_flag("DJANGO_DEBUG")
# Named "django-insecure-..." so that `check --deploy` flags it (security.W009) wherever it is
# still in use; production refuses to start with it.
DEV_SECRET_KEY = "django-insecure-dev-only-key-set-DJANGO_SECRET_KEY-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip() or DEV_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "testserver"]

if PRODUCTION:
    problems = []
    if DEBUG:
        problems.append("DJANGO_DEBUG must be off")
    if SECRET_KEY == DEV_SECRET_KEY:
        problems.append("DJANGO_SECRET_KEY must be set")
    if not env_list("ALLOWED_HOSTS"):
        problems.append("ALLOWED_HOSTS must be set (comma-separated host names)")
    elif "*" in ALLOWED_HOSTS:
        # Any Host header would do: links built from it (password resets, redirects) could
        # point anywhere, and the site would answer for every name that resolves to it.
        problems.append("ALLOWED_HOSTS must name the site's hosts, not '*'")
    if problems:
        raise ImproperlyConfigured(f"DJANGO_ENV=production: {'; '.join(problems)}.")

INSTALLED_APPS = [
    "archive.editing.admin_site.ArchiveAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "archive",
]

MIDDLEWARE = [
    # First: a host the site does not serve gets the 400 page with the headers below, and one
    # WARNING line instead of an ERROR with a traceback.
    "config.hosts.RefuseUnknownHosts",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language: the visitor's choice (a cookie set by the switch in the header),
    # else their browser's Accept-Language, else English. No /zh/ prefix: every address
    # stays what it was, and archive.cache keys pages on the language. Django's, marking
    # answers as varying with the cookie as well (config/locale.py).
    "config.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns locked-out logins into a clear refusal.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it throttles repeated failed logins (admin brute force).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = 0.25  # hours locked out after too many failures
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind the proxy every request comes from its address: failed logins are counted by the
# client's address it forwards, else five wrong passwords from anyone would lock an editor out.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {proxy!r} is not an IP address or network."
        ) from None
AXES_CLIENT_IP_CALLABLE = "config.proxy.client_address"

# Behind TLS in production: cookies only over HTTPS. Development (DJANGO_DEBUG=1) and
# plain-http test servers turn it off.
HTTPS = env_flag("DJANGO_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
# Where the site is, for exports written outside a request (a download names the address it
# was asked at).
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/") or (
    f"{'https' if HTTPS else 'http'}://{ALLOWED_HOSTS[0]}"
    if PRODUCTION
    else "http://localhost:8000"
)
DATA_LICENCE = {
    "name": os.environ.get("DATA_LICENCE_NAME", "").strip() or "CC BY 4.0",
    "url": os.environ.get("DATA_LICENCE_URL", "").strip()
    or "https://creativecommons.org/licenses/by/4.0/",
}
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF cookie; the admin's forms carry the token.
CSRF_COOKIE_HTTPONLY = True

# Production sits behind a proxy that terminates TLS and says so in X-Forwarded-Proto (the
# proxy must set or strip that header). Plain http is redirected, except the health check
# that a load balancer probes inside the network.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_SSL_REDIRECT = PRODUCTION and HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = (
    int(os.environ.get("DJANGO_HSTS_SECONDS", 365 * 24 * 3600)) if PRODUCTION and HTTPS else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading puts the domain in the browsers' built-in HTTPS-only lists, which is hard to undo
# and binds every subdomain: the domain's owner opts in, so its warning is silenced until then.
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy, everywhere (development and tests too, so that a page that breaks
# it fails there first): our own scripts, styles and images only, no inline code or styles.
# django-csp, because Django's own CSP needs Django 6 and Python 3.12. With DEBUG on it leaves
# Django's technical 404 and 500 pages alone, which are inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # One writer at a time: a transaction takes the write lock when it begins and waits up
    # to 30 s for it, so that an editor's save waits for an import's batch instead of failing
    # at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 30}
    )
# Lets concurrent test runs on one PostgreSQL server keep apart (default: test_<name>).
if os.environ.get("DJANGO_TEST_DATABASE"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DJANGO_TEST_DATABASE"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A history record's reason is text, not django-simple-history's default varchar(100): an
# editor's merge names every record it folds in ("merged A (#1), B (#2), ... into it"), and
# PostgreSQL refuses a longer value where SQLite would keep it (a schema setting: migration 0010).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The public site in English and Simplified Chinese (locale/zh_Hans/LC_MESSAGES/django.po).
# A reader of traditional characters (zh-TW, zh-HK) gets Simplified rather than English.
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language cookie is the switch's memory only: no script reads it.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where `collectstatic` puts the files that whitenoise serves.
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_flag("DJANGO_MANIFEST_STATIC", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# The gazetteers and sample articles shipped with the code.
FIXTURES_DIR = BASE_DIR / "fixtures"
# Releases of the dataset (archive/site/releases.py), served at /data/.
DATASET_RELEASES_DIR = Path(os.environ.get("DATASET_RELEASES_DIR") or BASE_DIR / "releases")
ARCHIVE_CONTACT = os.environ.get("ARCHIVE_CONTACT", "").strip()
# Files larger than this are refused by the importer with a clear reason.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 10 * 1024 * 1024))
# An import in progress makes its committed batches known to the page cache (which a new
# archive version empties for every reader) at most this often, and once when it ends.
IMPORT_PUBLISH_SECONDS = float(os.environ.get("IMPORT_PUBLISH_SECONDS", 60))
# Processes extracting an import's next batch while one is stored (0: none, all in one).
IMPORT_WORKERS = int(os.environ.get("IMPORT_WORKERS", os.cpu_count() or 1))
# The scheduling niceness an import runs at (0 to 19; its extraction workers inherit it): on
# cores the web processes share, readers' requests go first and the import takes what is left.
IMPORT_NICENESS = int(os.environ.get("IMPORT_NICENESS", 10))

# Browse pages and their counts. On disk, so that every web process shares them and a
# recycled worker finds them warm; archive.cache keys them on the archive's version,
# so a change shows at once everywhere.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_DIR") or str(BASE_DIR / ".cache" / "pages"),
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", 5000))},
        # Entries belong to one database: another one served from the same folder (a
        # second site, a benchmark) never reads them.
        "KEY_PREFIX": hashlib.sha256(
            repr([DATABASES["default"].get(k) for k in ("ENGINE", "HOST", "PORT", "NAME")]).encode()
        ).hexdigest()[:12],
    }
}

# Production logs JSON lines to stdout (config/logs.py), gunicorn's included.
LOGGING = logging_config(as_json=PRODUCTION, level=os.environ.get("LOG_LEVEL", "WARNING"))
