"""Settings for the Victim Care Hub, from the environment (twelve-factor).

DEBUG is off unless DJANGO_DEBUG is set (only `make run` sets it). Outside DEBUG a
missing SECRET_KEY is an error. DATABASE_URL selects the database: an SQLite file by
default, `postgres://…` for PostgreSQL through psycopg 3.
"""

import datetime
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = PACKAGE_DIR.parent.parent

env = environ.Env()
# A local .env (written by `make run`, never committed) may hold SECRET_KEY and DATABASE_URL.
environ.Env.read_env(env.path("DJANGO_DOT_ENV", default=str(BASE_DIR / ".env")), overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (production) or run `make run`."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

# Encryption at rest of contact details and notes (core/fields.py): keys are derived from
# SECRET_KEY and SECRET_KEY_FALLBACKS with these salts. Rotation: docs/security.md.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
FIELD_ENCRYPTION_SALTS = env.list("FIELD_ENCRYPTION_SALTS", default=["victimcare-fields-v1"])

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "axes",
    "csp",
    "govuk_frontend_django",
    "django_tasks",
    "django_tasks_db",
    # django-ninja as an app: /api/v1/docs loads Swagger UI from the hub's own static files
    # (ninja/static/ninja/), not from a CDN, so the docs work offline and under the CSP.
    "ninja",
    "victimcare.core",
    "victimcare.accounts",
    "victimcare.audit",
    "victimcare.people",
    "victimcare.entitlements",
    "victimcare.referrals",
    "victimcare.cases",
    "victimcare.assessments",
    "victimcare.directory",
    "victimcare.dataprotection",
    "victimcare.feedback",
    "victimcare.notifications",
    "victimcare.justice",
    "victimcare.commissioning",
    "victimcare.insights",
    "victimcare.linkage",
    "victimcare.portal",
    "victimcare.operations",
]

MIDDLEWARE = [
    # First: the request id on every log line, and the request counted for the metrics.
    "victimcare.operations.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The 30-minute idle limit, refreshing the session at most once a minute.
    "victimcare.core.middleware.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "victimcare.core.middleware.EnglishForStaffMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The hub's own 404 and 500 pages under DEBUG too (inside CommonMiddleware's slash redirect).
    "victimcare.core.middleware.OwnErrorPagesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in: django-otp marks the user verified once a device accepted a code,
    # and no staff page opens until then.
    "django_otp.middleware.OTPMiddleware",
    "victimcare.accounts.middleware.TwoFactorRequiredMiddleware",
    # Deny by default: every view needs a signed-in user unless marked public.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Change history (django-simple-history) records which user made each change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "victimcare.core.middleware.NoStoreForStaffMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-in while an account+address is locked
    "rules.permissions.ObjectPermissionBackend",  # object rules (victimcare/*/permissions.py)
    # ModelBackend, reading the user with their team in one query.
    "victimcare.accounts.backends.StaffModelBackend",
]

ROOT_URLCONF = "victimcare.config.urls"
WSGI_APPLICATION = "victimcare.config.wsgi.application"
ASGI_APPLICATION = "victimcare.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "victimcare.core.context_processors.service",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'hub.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web process and the task worker share the file without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer fails the readiness probe in seconds, not minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=5)
    )
    # Parameters bound on the server, so psycopg prepares repeated queries (ADR 30).
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = env.bool(
        "DB_SERVER_SIDE_BINDING", default=True
    )

# A PostgreSQL streaming replica for reports (ADR 0045, config/replica.py): with
# DATABASE_REPLICA_URL set, the commissioner's reports, exports, the needs analysis and
# contract performance read from it; officers' pages and every write use the primary. A
# replica that does not answer, or is more than DATABASE_REPLICA_MAX_LAG_SECONDS behind, is
# passed over for the primary; from DATABASE_REPLICA_SHOW_LAG_SECONDS behind, the report
# says how old its figures are.
DATABASE_REPLICA_MAX_LAG_SECONDS = env.int("DATABASE_REPLICA_MAX_LAG_SECONDS", default=15 * 60)
DATABASE_REPLICA_SHOW_LAG_SECONDS = env.int("DATABASE_REPLICA_SHOW_LAG_SECONDS", default=60)
DATABASE_ROUTERS: list[str] = []
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db_url("DATABASE_REPLICA_URL"),
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            **DATABASES["default"].get("OPTIONS", {}),
            # A replica that is down costs a report two seconds, then it reads the primary.
            "connect_timeout": env.int("DB_REPLICA_CONNECT_TIMEOUT", default=2),
        },
        # Tests: the replica streams the primary's test database; Django creates nothing on
        # it and points it at the test database's name.
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["victimcare.config.replica.ReportingRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "staff-home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# Argon2id first (OWASP's first choice); older hashes are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The public portal is in English and Welsh; staff pages are in English.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "victimcare.core.storage.StaticFilesStorage"
        )
    },
}

# Background work: Django's Tasks API (django-tasks backport) on the database backend.
# `python manage.py db_worker` runs next to the web process.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

SESSION_COOKIE_HTTPONLY = True
# Staff sessions end after 30 minutes without a request (each request renews the cookie).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False  # core.middleware.IdleSessionMiddleware refreshes it
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Sign-in throttling (django-axes): after 5 wrong passwords in a row for the same account
# from the same address, the 6th attempt and any after it are refused for the cool-off.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=6)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Caches: Redis in production (shared by every web process, so rate limits hold across
# them); one process's memory under `make run`.
REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY", default="") or None

# Two-factor sign-in (django-otp): an authenticator app (TOTP) plus single-use backup codes.
OTP_TOTP_ISSUER = env.str("VCH_SERVICE_NAME", default="Victim Care Hub")
OTP_TOTP_THROTTLE_FACTOR = 1  # wrong codes slow further tries: 1 s, 2 s, 4 s, ...
OTP_STATIC_THROTTLE_FACTOR = 1
# `make run` may let demo users past the second factor, and only ever with DEBUG on.
VCH_DEMO_SKIP_TWO_FACTOR = DEBUG and env.bool("VCH_DEMO_SKIP_TWO_FACTOR", default=False)

# Content Security Policy (django-csp 4): only this hub's own files; no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Logs: one JSON object a line (operations/logs.py), with the request id, and the task id in
# the worker; LOG_FORMAT=plain for reading by eye (the default under `make run`). Never
# personal data: records are named by id, never by name, address or contact; exceptions are
# logged by type and stack, not message; Django's request loggers lose the address.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_address": {"()": "victimcare.operations.logs.NoAddressFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "victimcare.operations.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["no_address"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # runserver's own access line names the address; the hub logs one line a request.
        "django.server": {"level": "WARNING"},
    },
}

# The Victim Care Hub's own settings (each a deployment default that a hub may change).
VCH_SERVICE_NAME = env.str("VCH_SERVICE_NAME", default="Victim Care Hub")
from victimcare.config.settings.messages import *  # noqa: E402, F403  (Notify, outbox)

# Repeat-victim linkage: pairs from this match probability go to the officers' review queue.
LINKAGE_REVIEW_THRESHOLD = env.float("LINKAGE_REVIEW_THRESHOLD", default=0.5)
# …and from this one a newly received person is joined to the known person at once (a merge
# an officer can undo). Nothing links until `train_linkage` has stored a model.
LINKAGE_AUTO_LINK_THRESHOLD = env.float("LINKAGE_AUTO_LINK_THRESHOLD", default=0.99)
# The portal's public address, for links in messages (survey invitations).
VCH_PUBLIC_URL = env.str("VCH_PUBLIC_URL", default="http://127.0.0.1:8000")
# Exit this page: the neutral site a visitor lands on once the portal has forgotten them
# (GOV.UK's own pattern sends people to BBC Weather).
VCH_EXIT_PAGE_URL = env.str("VCH_EXIT_PAGE_URL", default="https://www.bbc.co.uk/weather")
# Complaints (Victims' Code right 12) are answered within this many working days.
VCH_COMPLAINT_RESPONSE_DAYS = env.int("VCH_COMPLAINT_RESPONSE_DAYS", default=20)
# Safe contact: this many failed attempts within this many days make a case "unable to contact".
VCH_CONTACT_MAX_FAILED_ATTEMPTS = env.int("VCH_CONTACT_MAX_FAILED_ATTEMPTS", default=3)
VCH_CONTACT_ATTEMPT_PERIOD_DAYS = env.int("VCH_CONTACT_ATTEMPT_PERIOD_DAYS", default=10)
# Uploaded feed files wait here (never under static or media URLs) until imported.
VCH_UPLOAD_DIR = env.path("VCH_UPLOAD_DIR", default=str(BASE_DIR / "var" / "uploads"))
# An import that has not moved for this long is shown as stopped (its worker is not running).
VCH_IMPORT_STALL_MINUTES = env.int("VCH_IMPORT_STALL_MINUTES", default=10)
# An upload whose progress has not moved for this long lost its worker (killed, machine
# gone): the scheduler's `stalled_imports` job queues it again for another worker, which
# goes on from the saved progress (ADR 0046). Progress is saved every 200 rows.
VCH_IMPORT_LEASE_SECONDS = env.int("VCH_IMPORT_LEASE_SECONDS", default=120)
# An upload of at least VCH_IMPORT_PARALLEL_MIN_ROWS rows is split into VCH_IMPORT_CHUNKS
# chunks that as many task workers import at once, with one progress and report (ADR 55).
VCH_IMPORT_CHUNKS = env.int("VCH_IMPORT_CHUNKS", default=2)
VCH_IMPORT_PARALLEL_MIN_ROWS = env.int("VCH_IMPORT_PARALLEL_MIN_ROWS", default=5000)
VCH_UPLOAD_MAX_BYTES = env.int("VCH_UPLOAD_MAX_BYTES", default=200 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Operations (docs/operations.md). The periodic jobs and when they run: "daily HH:MM" (local
# time) or "every N minutes"; a blank value turns one off (VCH_SCHEDULE_<JOB> overrides).
_SCHEDULE_DEFAULTS = {
    "investigation_updates": "daily 02:00",
    "refresh_insights": "daily 03:00",
    "apply_retention": "daily 04:00",
    "outbox_sweep": "every 5 minutes",
    "stalled_imports": "every 15 minutes",
    "worker_heartbeat": "every 1 minutes",
}
VCH_SCHEDULE = {
    job: env.str(f"VCH_SCHEDULE_{job.upper()}", default=spec)
    for job, spec in _SCHEDULE_DEFAULTS.items()
}
# The worker or scheduler is "not ready" when it has not beaten for this long.
VCH_HEARTBEAT_STALE_SECONDS = env.int("VCH_HEARTBEAT_STALE_SECONDS", default=300)
# The token monitoring sends (Authorization: Bearer ...) for /metrics and the detailed
# /health/ready; without one, /metrics is off. Keep it apart from SECRET_KEY.
VCH_OPS_TOKEN = env.str("VCH_OPS_TOKEN", default="")
# A directory every web process on the machine shares, so /metrics counts all their requests.
VCH_METRICS_DIR = env.str("VCH_METRICS_DIR", default="")
# Probes ask over plain HTTP inside the network: no redirect to HTTPS for them.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
