"""Settings for mappa. Everything that differs between machines comes from the environment."""
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from mappa.env import env_bool, env_int, env_list, env_str, parse_networks

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MAPPA_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("MAPPA_DEBUG", False)
DEVELOPMENT_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"
SECRET_KEY = env_str("MAPPA_SECRET_KEY", DEVELOPMENT_KEY)
# The demo (`make run`, `mappa setup --demo`), the development server (`mappa serve --dev`) and the tests
# may run with the development key and debug pages; anything else is taken to be a real service.
DEMO = env_bool("MAPPA_DEMO", False)
DEV_SERVER = env_bool("MAPPA_DEV_SERVER", False)
if not (DEMO or DEV_SERVER):
    if SECRET_KEY == DEVELOPMENT_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "MAPPA_SECRET_KEY is not set (or is shorter than 32 characters): set it to a long random value kept "
            "secret, for example the output of `python -c 'import secrets; print(secrets.token_urlsafe(50))'`. "
            "To try the demo with the development key, set MAPPA_DEMO=1."
        )
    if DEBUG:
        raise ImproperlyConfigured(
            "MAPPA_DEBUG is on: debug pages show settings and case data to anyone who causes an error. "
            "Turn it off for a real service, or set MAPPA_DEMO=1 to run the demo with it."
        )
ALLOWED_HOSTS = env_list("MAPPA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
HTTPS = env_bool("MAPPA_HTTPS", env_bool("MAPPA_SECURE_COOKIES", False))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "mappa.core",
    "mappa.accounts",
    "mappa.audit",
    "mappa.access",
    "mappa.nominals",
    "mappa.arrangements",
    "mappa.risk",
    "mappa.orders",
    "mappa.licences",
    "mappa.plans",
    "mappa.victims",
    "mappa.safeguarding",
    "mappa.visits",
    "mappa.supervision",
    "mappa.interventions",
    "mappa.workforce",
    "mappa.resettlement",
    "mappa.intelligence",
    "mappa.reports",
    "mappa.quality",
    "mappa.api",
    "mappa.demo",
    "mappa.jobs",
]

MIDDLEWARE = [
    "mappa.core.health.HealthMiddleware",  # first: a probe needs no host name, session or sign-in
    "mappa.core.requests.RequestMiddleware",  # the request id, client address and log line
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mappa.core.middleware.NoStoreMiddleware",  # below WhiteNoise: static files keep their own caching
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mappa.accounts.middleware.SessionRefreshMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "mappa.accounts.middleware.SecondFactorMiddleware",
    "mappa.audit.middleware.RequestContextMiddleware",
    "mappa.core.middleware.ReferenceMemoMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mappa.urls"
WSGI_APPLICATION = "mappa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "mappa" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mappa.core.context_processors.service",
            ],
            # GOV.UK dates (govuk_date, govuk_datetime) in every template without loading them.
            "builtins": ["mappa.core.templatetags.dates"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'mappa.sqlite3'}"),
        conn_max_age=env_int("MAPPA_DB_CONN_MAX_AGE", 60),
        # A kept connection is checked before a request uses it, so one the database closed (a restart, a
        # fail-over) is replaced rather than failing the request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded database lives in var/, which a fresh clone does not have yet.
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # No JIT compilation: this is short queries answering people at a screen. The planner's cost
    # estimate for a search over a common surname passes the JIT threshold and compiling then takes
    # half a second, several times the query itself (MAPPA_DB_JIT=on to allow it).
    if not env_str("MAPPA_DB_JIT", "") == "on":
        DATABASES["default"].setdefault("OPTIONS", {})
        DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"
    # Statements prepared on the server: the values go apart from the statement (server-side binding), and a
    # statement a connection runs a fifth time is prepared, so PostgreSQL plans it once, not on every request (a
    # home page's fifty statements took 13-28 ms to plan each time; README, Performance). MAPPA_DB_PREPARED=off:
    # the values written into each statement by psycopg, nothing prepared (for a pooler in transaction mode).
    if env_str("MAPPA_DB_PREPARED", "on") != "off":
        DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Argon2 first: new and re-hashed passwords use it.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "mappa.accounts.backends.UserBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"

# Sessions end after 30 idle minutes, and when the browser closes. A signed-in user's session is
# written again (its idle time restarted) at most once a SESSION_REFRESH_SECONDS, not on every request
# (see accounts.middleware.SessionRefreshMiddleware).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env_int("MAPPA_SESSION_SECONDS", 30 * 60)
SESSION_REFRESH_SECONDS = env_int("MAPPA_SESSION_REFRESH_SECONDS", 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS

# Lock an account out after repeated failures.
AXES_FAILURE_LIMIT = env_int("MAPPA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("MAPPA_LOCKOUT_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "mappa.accounts.backends.username_for_lockout"  # one count whatever the case
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "mappa"

# Served over HTTPS (MAPPA_HTTPS, or its older name MAPPA_SECURE_COOKIES): cookies only over HTTPS, and
# browsers told to use nothing else (HSTS). Behind a proxy that ends TLS, Django learns that a request came
# over HTTPS from the proxy's header; trust it only if the proxy sets it on every request and clients cannot
# (MAPPA_PROXY_SSL_HEADER, empty when nothing stands in front of the app).
if HTTPS:
    SECURE_HSTS_SECONDS = env_int("MAPPA_HSTS_SECONDS", 365 * 24 * 60 * 60)
    _proxy_header = env_str("MAPPA_PROXY_SSL_HEADER", "X-Forwarded-Proto").strip()
    if _proxy_header:
        SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "mappa" / "static"]
# Static files are collected once at install (`mappa setup`, `make run`, `make test`: `mappa collectstatic`),
# each under a name carrying a hash of its content (the names the pages use), compressed (gzip and Brotli),
# and cached by browsers for good; a file's unhashed name is cached for a minute. The development server
# reads them from their sources instead, as they change.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEV_SERVER
        else "mappa.core.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEV_SERVER
WHITENOISE_AUTOREFRESH = DEV_SERVER
MEDIA_ROOT = Path(env_str("MAPPA_MEDIA_ROOT", str(VAR_DIR / "media")))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mappa.api.authentication.BearerTokenAuthentication",
        "mappa.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON bodies must be objects, and not nested deeper than any request needs (mappa.api.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "mappa.api.parsers.ObjectJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "mappa.api.pagination.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "mappa.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "mappa.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "mappa API",
    "DESCRIPTION": "Multi-agency public protection case management. Every call is scoped to the caller "
    "by the same access policy as the web pages, and audited.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Record ids in paths (mappa.core.converters.RecordIdConverter: up to 18 digits) are whole numbers.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}},
    # Every error in the problem-details shape, on every operation (mappa.api.schema), and an example of every
    # body and success answer (mappa.api.examples).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "mappa.api.schema.document_errors",
                             "mappa.api.examples.document_examples"],
    # A choice set used by more than one component under a field name other sets share too ("kind", "outcome",
    # "decision"), or under several field names ("end_date_source", "release_date_source"), would otherwise be
    # named with a hash (Kind9d2Enum) or twice. Named here after its model's choices; tests/test_api_contract.py
    # fails on a hashed name or any warning from generating the schema.
    "ENUM_NAME_OVERRIDES": {
        "ApprovedPremisesIncidentKindEnum": "mappa.resettlement.models.PremisesIncident.Kind",
        "VictimKindEnum": "mappa.victims.models.Victim.Kind",
        "LicenceVariationKindEnum": "mappa.licences.models.Variation.Kind",
        "LicenceVariationDecisionEnum": "mappa.licences.models.Variation.Decision",
        "LicenceZoneKindEnum": "mappa.licences.models.Zone.Kind",
        "SupervisionAppointmentOutcomeEnum": "mappa.supervision.models.Appointment.Outcome",
        "ProgrammeReferralOutcomeEnum": "mappa.interventions.models.ProgrammeReferral.Outcome",
        "VisitOutcomeEnum": "mappa.visits.models.Outcome",
        "DateSourceEnum": "mappa.orders.models.DateSource",
        "VisitAgencyEnum": "mappa.visits.models.VisitAgency",
    },
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# The proxies in front of the app (addresses or networks). Only a request from one of them may say, in
# X-Forwarded-For, whom it came from, and give its own X-Request-ID (mappa.core.requests).
TRUSTED_PROXIES = parse_networks(env_str("MAPPA_TRUSTED_PROXIES"), "MAPPA_TRUSTED_PROXIES")

# Logs go to standard error: one line per request (mappa.core.requests) and whatever else is logged, as JSON
# lines with MAPPA_LOG_FORMAT=json, plain text otherwise. Every line logged while a request is answered
# carries its request id.
LOG_LEVEL = env_str("MAPPA_LOG_LEVEL", "INFO").upper()
LOG_FORMAT = env_str("MAPPA_LOG_FORMAT", "text").lower()
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"MAPPA_LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "mappa.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "mappa.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own line for each 4xx and 5xx would repeat mappa.requests' (and carries the query string).
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "ERROR"},
    },
}

# Background tasks (django.tasks) are queued in the database and run by `mappa worker`, which `mappa serve`
# starts beside gunicorn. A failing task is tried again after 30 s, 60 s, 120 s ... (MAPPA_TASK_ATTEMPTS tries).
TASKS = {
    "default": {
        "BACKEND": "mappa.jobs.backend.DatabaseBackend",
        "OPTIONS": {
            "MAX_ATTEMPTS": env_int("MAPPA_TASK_ATTEMPTS", 5),
            "RETRY_SECONDS": env_int("MAPPA_TASK_RETRY_SECONDS", 30),
            "MAX_RETRY_SECONDS": 3600,
            "KEEP_DAYS": env_int("MAPPA_TASK_KEEP_DAYS", 30),
        },
    }
}
# /readyz answers 503 unless a worker has been seen within MAPPA_WORKER_STALE_SECONDS; `mappa serve` turns
# this on, and the tests and the development server run without a worker.
REQUIRE_WORKER = env_bool("MAPPA_REQUIRE_WORKER", False)
WORKER_STALE_SECONDS = env_int("MAPPA_WORKER_STALE_SECONDS", 60)

# E-mail: through an SMTP server when MAPPA_EMAIL_HOST is set, otherwise printed by the worker (the demo).
SITE_URL = env_str("MAPPA_URL", "http://127.0.0.1:8000").rstrip("/")  # the address e-mails link to
_email_host = env_str("MAPPA_EMAIL_HOST")
if _email_host:
    _email_port = env_int("MAPPA_EMAIL_PORT", 587)
    _starttls = env_bool("MAPPA_EMAIL_STARTTLS", _email_port != 465)
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {
        "host": _email_host, "port": _email_port,
        "username": env_str("MAPPA_EMAIL_USER"), "password": env_str("MAPPA_EMAIL_PASSWORD"),
        "use_tls": _starttls, "use_ssl": _email_port == 465 and not _starttls,
        "timeout": env_int("MAPPA_EMAIL_TIMEOUT", 20),
    }}}
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("MAPPA_EMAIL_FROM", "mappa <mappa@localhost>")

SERVICE_NAME = "mappa"
SERVICE_DESCRIPTION = "Multi-agency public protection"

# Lock-out is per account, as the sign-in rules ask; locking by address would lock whole offices out.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A covering index (PostgreSQL's INCLUDE) is a plain index on SQLite, which is all it needs there.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
