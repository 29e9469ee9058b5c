"""Settings for 充值指南 · Top-up Guides.

One module for every environment. Everything that differs between a laptop and production comes
from environment variables (listed with their defaults in `.env.example` and the README). The
defaults are the embedded setup: SQLite, the local-memory cache, and DEBUG off unless asked for.
"""

import datetime
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)


def is_management_command(argv):
    """Whether this process runs a management command other than runserver (migrate,
    makemigrations --check, export_content…), however it was started: `manage.py`,
    `django-admin` or `python -m django`. Such a command serves nobody, so it may run without
    the secrets a serving site must have."""
    program = Path(argv[0])
    started_by_django = program.name in ("manage.py", "django-admin") or (
        program.name == "__main__.py" and program.parent.name == "django"
    )
    return started_by_django and argv[1:2] != ["runserver"]


MANAGEMENT_COMMAND = is_management_command(sys.argv)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - DEBUG only
    elif MANAGEMENT_COMMAND:
        # Throwaway: nothing a command signs has to outlive it.
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        # Refuse to serve with a key anyone can read in the repository, or with none.
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY, or DJANGO_DEBUG=1 for local development (see README.md)."
        )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
if not (DEBUG or MANAGEMENT_COMMAND or ALLOWED_HOSTS):
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS, a comma-separated list of host names.")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so that its tabbed fields are used there.
    "modeltranslation",
    # Django's admin with the editors' site as `admin.site` (its index says what needs attention).
    "guides.apps.EditorsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "simple_history",
    "csp",
    "axes",
    "guides",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Directly after SecurityMiddleware, so static files skip the rest of the stack.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers from the page cache here, before the rest of the stack, with the headers the
    # middleware below gave the page when it was stored (guides/caching/pages.py).
    "guides.caching.pages.CachedPageMiddleware",
    # A time budget for formatting editor text on one page (guides/markup.py).
    "guides.markup.MarkdownBudgetMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # LocaleMiddleware, with English for browsers whose first language is not Chinese.
    "guides.web.languages.ReaderLocaleMiddleware",
    # A body over DATA_UPLOAD_MAX_MEMORY_SIZE, file parts included, is a 413 before it is read.
    "guides.web.security.RefuseLargeBodiesMiddleware",
    # A NUL character in the address is a 400 before it can reach a query (guides/web/security.py).
    "guides.web.security.RefuseNulCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETags for every page, and 304 Not Modified when the browser already has it.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: lets every history record name the editor who made the change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "site_config.urls"
WSGI_APPLICATION = "site_config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "guides.web.context_processors.languages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
PREPARED_STATEMENTS = os.environ.get("DJANGO_DB_PREPARED_STATEMENTS", "1") == "1"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and PREPARED_STATEMENTS:
    # Parameters bound by the server, and a statement run more than five times on a connection
    # prepared (psycopg's default threshold; Django turns preparing off unless asked): PostgreSQL
    # then stops planning afresh the same few queries that every page runs, which on the bulk
    # content is over half of their time there. A pooler in front of PostgreSQL must keep
    # prepared statements per client (PgBouncer 1.22+ with max_prepared_statements, and a libpq
    # of 17 or later, which the psycopg binary wheel has); for one that cannot, set
    # DJANGO_DB_PREPARED_STATEMENTS=0.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )

REDIS_URL = os.environ.get("REDIS_URL", "")
# Seconds to wait for Redis to accept a connection, and to answer. On a working network it
# answers in about a millisecond; one that is stopped, stuck or out of reach then costs a request
# this long once (the page is served uncached from the database) rather than hanging it. The
# client library's own default is to wait for ever.
REDIS_TIMEOUT = float(os.environ.get("DJANGO_REDIS_TIMEOUT", "0.1"))
REDIS_OPTIONS = {"SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT, "SOCKET_TIMEOUT": REDIS_TIMEOUT}
# Rate-limit counters (the feedback limit) in the database, in a table made by a migration: they
# must be shared by every worker process, which the local-memory cache is not. Used when there is
# no Redis; with Redis, they are counted there.
RATE_LIMIT_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "guides_rate_limit_counter",
}
if REDIS_URL:
    # One cache shared by every app server, so invalidation reaches all of them at once.
    # django-redis rather than Django's own Redis backend: that one builds a new client for every
    # operation, which costs about as much as a cached page's round trip to Redis.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "topup",
            "OPTIONS": REDIS_OPTIONS,
        },
        "ratelimit": RATE_LIMIT_CACHE,
    }
    RATELIMIT_USE_CACHE = "default"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "topup-guides",
        },
        "ratelimit": RATE_LIMIT_CACHE,
    }
    RATELIMIT_USE_CACHE = "ratelimit"

# Public pages are cached whole and invalidated on every content change (guides/caching/pages.py),
# so this timeout only bounds how long an unused page occupies the cache.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))

# The caches in front of the app servers (Varnish with the xkey module, deploy/varnish/), each
# sent a purge by tag after every content change (guides/caching/purging.py): `http://10.0.0.5:6081`,
# comma-separated. None by default: then nothing is sent.
VARNISH_URLS = env_list("DJANGO_VARNISH_URLS")
# Seconds a purge may wait for a Varnish to connect and to answer, per attempt (three attempts):
# an editor's save waits for the purges, so a cache out of reach must not hold it long.
VARNISH_PURGE_TIMEOUT = float(os.environ.get("DJANGO_VARNISH_PURGE_TIMEOUT", "0.5"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Simplified Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"

# modeltranslation: per-language columns, and a missing translation falls back to Chinese.
MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"
MODELTRANSLATION_LANGUAGES = ("zh-hans", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("zh-hans",)
# The tabbed admin would load jQuery UI from a CDN; serve the vendored copy instead.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Compressed files with hashed names, so browsers may cache them for a year.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# Guides not verified within this many days get a visible caution (overridable per guide).
GUIDE_REVIEW_INTERVAL_DAYS = int(os.environ.get("DJANGO_GUIDE_REVIEW_INTERVAL_DAYS", "180"))
GUIDES_PER_PAGE = 20
# The admin's "needs attention" panel lists drafts created longer ago than this.
GUIDE_STALE_DRAFT_DAYS = 30
# How long a share link to a draft's preview works, unless an editor revokes it sooner.
GUIDE_SHARE_LINK_DAYS = 7

# The site's public address, for links in e-mail (a management command has no request).
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://localhost:8000").rstrip("/")

# `manage.py check_sources`: seconds to wait for each source page, and how many to request at
# once (few: the pages belong to operators and regulators, whose servers we visit as guests).
SOURCE_CHECK_TIMEOUT = float(os.environ.get("DJANGO_SOURCE_CHECK_TIMEOUT", "10"))
SOURCE_CHECK_WORKERS = int(os.environ.get("DJANGO_SOURCE_CHECK_WORKERS", "4"))
SOURCE_CHECK_USER_AGENT = f"TopUpGuidesSourceCheck/1.0 (+{SITE_URL}; checks the pages we cite)"
# Sources on this machine or a private network are not requested (tests turn this on for the
# HTTP server they start on 127.0.0.1).
SOURCE_CHECK_PRIVATE_ADDRESSES = False

# E-mail (the editors' weekly digest). In development it is printed on the console; in
# production it goes to the SMTP server named here.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Top-up Guides <noreply@localhost>"
)
# Guides whose review falls due within this many days are in the digest.
DIGEST_DUE_WITHIN_DAYS = 14

# Reader feedback per client (django-ratelimit syntax). Counted in RATELIMIT_USE_CACHE: Redis, or
# the database, so shared by every worker and app server either way.
FEEDBACK_RATE_LIMIT = os.environ.get("DJANGO_FEEDBACK_RATE_LIMIT", "10/h")
# Behind a reverse proxy, the request header that carries the client's address, as Django names
# it in request.META (e.g. HTTP_X_REAL_IP). Empty: the connection's own address.
CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "")

LOGIN_URL = "admin:login"
# Where the editors' admin lives; a less guessable path keeps password-guessing bots away.
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"

# Admin login throttling (django-axes). A defaced guide showing a scammer's number is the worst
# thing that could happen here, so password guessing is stopped both per client and per
# account: a botnet spreading guesses over many addresses still locks the account it targets.
# The price is that an attacker can keep an editor out for the cool-off time; the lock lifts by
# itself, and `manage.py axes_reset_username NAME` lifts it at once.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
# The same client address as the feedback rate limit (DJANGO_CLIENT_IP_HEADER behind a proxy).
AXES_CLIENT_IP_CALLABLE = "guides.web.security.request_client_ip"
AXES_LOCKOUT_CALLABLE = "guides.web.security.login_locked_out"

# Security: response headers, cookies and security.txt (see SECURITY.md).
#
# Content-Security-Policy: the public pages run no JavaScript at all and the admin only its own
# static files, so nothing is allowed from another origin and nothing inline; an injected
# <script>, style attribute or event handler would not run even if it got past the sanitizer.
# No nonces: pages are cached and shared, and a nonce in a shared page would be no secret.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# No script of ours reads a cookie, so none needs to be readable by scripts.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True

# Production hardening: only meaningful behind HTTPS, so only when DEBUG is off.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# Request size limits. Reader forms are a few kilobytes and the largest admin form (a guide with
# its steps in two languages) well under this; anything bigger, file parts included, is refused
# with a 413 page before it is read (guides.web.security.RefuseLargeBodiesMiddleware: Django's own
# check leaves out file parts). No form has anywhere near 1,000 fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# Who receives reports of security problems, as URIs (mailto: or https:), comma-separated;
# published in /.well-known/security.txt (RFC 9116).
SECURITY_CONTACTS = env_list("DJANGO_SECURITY_CONTACT", "mailto:security@example.org")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A share link's token is its only credential: never in a log (guides/web/log_privacy.py).
    "filters": {"without_share_tokens": {"()": "guides.web.log_privacy.WithoutShareTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["without_share_tokens"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

SITE_NAME = _("Top-up Guides")
