"""Settings, read from the environment.

Production is the default: ``DEBUG`` off, ``SECRET_KEY`` and the allowed
hosts must be given. ``RETE_ENV=development`` (set by ``make run`` and the
tests) switches to the embedded defaults: a generated secret kept under
``.local/``, the embedded PostgreSQL, the filesystem broker and e-mail on the
console.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

from config import embedded

BASE_DIR = Path(__file__).resolve().parents[2]
ENV = os.environ.get("RETE_ENV", "production")
DEVELOPMENT = ENV in {"development", "test"}
TESTING = ENV == "test"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    if not DEVELOPMENT:
        raise ImproperlyConfigured("SECRET_KEY è obbligatoria in produzione.")
    path = embedded.LOCAL / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()


def _field_keys() -> list[str]:
    """Keys for special-category data at rest (core.crypto), newest first."""
    keys = env_list("RETE_FIELD_KEYS")
    if keys:
        return keys
    if not DEVELOPMENT:
        raise ImproperlyConfigured("RETE_FIELD_KEYS è obbligatoria in produzione.")
    path = embedded.LOCAL / "field_key"
    if not path.exists():
        from cryptography.fernet import Fernet

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(Fernet.generate_key().decode())
        path.chmod(0o600)
    return [path.read_text().strip()]


FIELD_ENCRYPTION_KEYS = _field_keys()
DEBUG = env_bool("DEBUG", DEVELOPMENT and not TESTING)

# The national site's domain; tenants get "<slug>.<BASE_DOMAIN>".
BASE_DOMAIN = os.environ.get("RETE_BASE_DOMAIN", "localhost" if DEVELOPMENT else "")
if not BASE_DOMAIN:
    raise ImproperlyConfigured("RETE_BASE_DOMAIN è obbligatorio in produzione.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", f".{BASE_DOMAIN},{BASE_DOMAIN},127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_SCHEME = os.environ.get("RETE_SITE_SCHEME", "http" if DEVELOPMENT else "https")
SITE_PORT = os.environ.get("RETE_SITE_PORT", "")

# --- Apps -----------------------------------------------------------------
# Public schema: tenants, national users, national content, aggregates.
# Tenant schema: the counter's users and every personal datum.
SHARED_APPS = [
    "django_tenants",
    "tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "axes",
    "bootstrap_italia_template",
    "accounts",
    "audit",
    "health",
    "web",
    "config",
    "codes",
    "catalog",
    "exchange",
    "integrations.national",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "rest_framework.authtoken",
    "axes",
    "accounts",
    "audit",
    "health",
    "people",
    "desks",
    "assessments",
    "casework",
    "jobs",
    "integrations.outbox",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
TENANT_LIMIT_SET_CALLS = True
# Schemas are provisioned by tenants.services (pool of ready schemas), never
# by Tenant.save().
TENANT_TEMPLATE_SCHEMA = "tenant_template"
TENANT_POOL_TARGET = int(os.environ.get("RETE_TENANT_POOL_TARGET", "5"))
TENANT_ROUTING_TTL = float(os.environ.get("RETE_TENANT_ROUTING_TTL", "2"))
# Each domain package's editable seed data, run in the new tenant's schema at
# provisioning and by seed_demo. Also run once in the template schema with
# tenant=None, so ready schemas in the pool already hold the rows: a seeder
# must be idempotent and write only rows that do not depend on the tenant.
TENANT_SEEDERS = [
    "people.seed.seed_tenant",
    "assessments.seed.seed_tenant",
    "desks.seed.seed_tenant",
]
# Each domain package's contribution to a person's single timeline.
PERSON_TIMELINE_PROVIDERS = [
    "people.timeline.contact_entries",
    "casework.timeline.entries",
    "assessments.timeline.entries",
    "people.timeline.consent_entries",
    "desks.timeline.entries",
]
TENANT_MIGRATION_PROCESSES = int(os.environ.get("RETE_MIGRATION_PROCESSES", "2"))

MIDDLEWARE = [
    # Outermost: API errors in one shape, no-store on personal answers (core.middleware).
    "core.middleware.ResponseBoundaryMiddleware",
    # The request's metadata for services and audit, which never see the request.
    "core.middleware.RequestContextMiddleware",
    "tenants.middleware.TenantRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.InputBoundaryMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "web.context_processors.site",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------
def _database_from_url(url: str) -> dict:
    parsed = urlparse(url)
    query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
    return {
        "ENGINE": "tenants.db_backend",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": query.pop("host", parsed.hostname or ""),
        "PORT": str(query.pop("port", parsed.port or "")),
        "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": query,
        "TEST": {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_rete")},
    }


DATABASE_URL = os.environ.get("DATABASE_URL") or (
    embedded.EmbeddedPostgres().database_url() if DEVELOPMENT else ""
)
if not DATABASE_URL:
    raise ImproperlyConfigured("DATABASE_URL è obbligatoria in produzione.")
EMBEDDED_DATABASE = "DATABASE_URL" not in os.environ
DATABASES = {"default": _database_from_url(DATABASE_URL)}
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users, login, lockout ------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AXES_FAILURE_LIMIT = int(os.environ.get("RETE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("RETE_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# One account whatever its spelling, the client address the audit keeps, a
# second limit per address (accounts.lockout).
AXES_USERNAME_CALLABLE = "accounts.lockout.username_of"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.address_of"
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_COOLOFF_MESSAGE = "Troppi tentativi di accesso non riusciti: riprovi più tardi."
AXES_PERMALOCK_MESSAGE = "Troppi tentativi di accesso non riusciti: si rivolga all'amministratore."
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("RETE_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("RETE_PROXY_COUNT", "0")) or None
SESSION_COOKIE_SECURE = not DEVELOPMENT
CSRF_COOKIE_SECURE = not DEVELOPMENT
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "web.views.csrf_failure"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if not DEVELOPMENT else None
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # first-administrator invitations too

# Content-Security-Policy (django-csp): no inline script or style anywhere, every
# script and style a static file of ours. The Swagger UI page relaxes style-src
# on that view only (api.urls).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Bootstrap Italia's bundle (video.js inside) adds two <style> elements at
        # load, whatever the page: those two exact contents, by hash, and nothing else.
        "style-src": ["'self'", "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
                      "'sha256-wPXhisdsFu1DtHYH1D9W5isSGqS5vIPn6QJWSNLqfCM='"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],  # Bootstrap Italia's CSS embeds a font
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    },
}
# Written in the accessibility statement and the privacy notice (web.pages).
RETE_ACCESSIBILITY_EMAIL = os.environ.get("RETE_ACCESSIBILITY_EMAIL",
                                          f"accessibilita@{BASE_DOMAIN}")
RETE_PRIVACY_EMAIL = os.environ.get("RETE_PRIVACY_EMAIL", f"privacy@{BASE_DOMAIN}")

# --- E-mail ---------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEVELOPMENT
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(embedded.LOCAL / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Rete Sportelli <noreply@localhost>")

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "it"
# Italian only: a browser asking for English must not get half-English pages.
LANGUAGES = [("it", "Italiano")]
LOCALE_PATHS = [BASE_DIR / "platform" / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / ".local" / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEVELOPMENT
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
WHITENOISE_USE_FINDERS = DEVELOPMENT
if DEVELOPMENT:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / ".local" / "media"))

# --- REST API -------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    # JSON bodies bounded in size and depth, strings without NUL (api.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rete Sportelli API",
    "DESCRIPTION": "API della piattaforma Rete Sportelli (microcredito e lavoro).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"AppointmentKindEnum": "desks.models.Appointment.Kind"},
    # Every operation documents its error answers in the one error shape (api.openapi).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "api.openapi.add_error_responses"],
}

# --- Celery ---------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
if not CELERY_BROKER_URL:
    if not DEVELOPMENT:
        raise ImproperlyConfigured("CELERY_BROKER_URL è obbligatorio in produzione.")
    CELERY_BROKER_URL = "filesystem://"
    _broker = embedded.broker_folder(os.environ.get("RETE_BROKER_FOLDER", "broker"))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker / "queue"),
        "data_folder_out": str(_broker / "queue"),
        "processed_folder": str(_broker / "processed"),
        "control_folder": str(_broker / "control"),
        "store_processed": False,
        # An empty folder is looked at again after this long (kombu's default, 1 s,
        # left a worker idle between two tasks).
        "polling_interval": float(os.environ.get("RETE_BROKER_POLLING_SECONDS", "0.05")),
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "refill-tenant-schema-pool": {
        "task": "tenants.tasks.refill_schema_pool",
        "schedule": 60.0,
    },
    "remove-orphan-document-files": {
        "task": "casework.tasks.remove_orphan_files",
        "schedule": 3600.0,
    },
    "expire-job-vacancies": {
        "task": "jobs.tasks.expire_vacancies",
        "schedule": 3600.0,
    },
    "sweep-outbox": {
        "task": "integrations.outbox.tasks.sweep_outbox",
        "schedule": float(os.environ.get("RETE_OUTBOX_SWEEP_SECONDS", "30")),
    },
    "prune-exchange-log": {
        "task": "integrations.outbox.tasks.prune_exchange_log",
        "schedule": 86400.0,
    },
}
# Deliveries to the national systems have a queue of their own: a slow node
# never holds up the e-mails (make run's worker consumes "celery,national").
CELERY_TASK_ROUTES = {"integrations.outbox.tasks.*": {"queue": "national"}}

# --- Outbox (integrations.outbox): every knob declared once -----------------
RETE_OUTBOX = {
    # Destinations this installation confers to (the domain hooks enqueue only
    # for these, and only in counters with the job desk).
    "destinations": env_list("RETE_OUTBOX_DESTINATIONS", "cliclavoro"),
    # Modules registering the routes (payload builder, sender) per (destination, kind).
    "routes": env_list("RETE_OUTBOX_ROUTES", "integrations.routes.register"),
    "backoff_base_seconds": float(os.environ.get("RETE_OUTBOX_BACKOFF_BASE", "10")),
    "backoff_cap_seconds": float(os.environ.get("RETE_OUTBOX_BACKOFF_CAP", "3600")),
    "max_attempts": int(os.environ.get("RETE_OUTBOX_MAX_ATTEMPTS", "12")),
    # Longer than any request's timeout: an expired lease means the worker is gone.
    "lease_seconds": float(os.environ.get("RETE_OUTBOX_LEASE_SECONDS", "120")),
    "sweep_seconds": float(os.environ.get("RETE_OUTBOX_SWEEP_SECONDS", "30")),
    # A pending message queued this long ago and not taken: its task was lost.
    "requeue_after_seconds": float(os.environ.get("RETE_OUTBOX_REQUEUE_AFTER", "120")),
    # The node's anomaly codes that mean "later", not "never".
    "transient_anomalies": env_list("RETE_OUTBOX_TRANSIENT_ANOMALIES",
                                    "limite_richieste,servizio_non_disponibile,RATE_LIMIT"),
    # One delivery task goes on with the next due messages of its counter and
    # destination, up to this many or this long, then queues the next one.
    "drain_messages": int(os.environ.get("RETE_OUTBOX_DRAIN_MESSAGES", "50")),
    "drain_seconds": float(os.environ.get("RETE_OUTBOX_DRAIN_SECONDS", "10")),
    # ... taken this many at a time (one transaction to claim them, one to record).
    "drain_batch": int(os.environ.get("RETE_OUTBOX_DRAIN_BATCH", "20")),
    # The exchange log (requests and replies) is kept this long.
    "retention_days": int(os.environ.get("RETE_OUTBOX_RETENTION_DAYS", "365")),
}

# --- National integrations (integrations.transports.destination) ----------
# One destination per national system. Development and tests: the simulated
# node (python -m integrations.simulator, started by make run) on
# 127.0.0.1:RETE_SIMULATOR_PORT, ModI profile, the development key pair under
# .local/modi/ (made by make run; the node's own under .local/modi/simulatore/).
# Production: every value from the environment; destination() refuses, in
# Italian, one that lacks what its profile needs.
RETE_SIMULATOR_PORT = int(os.environ.get("RETE_SIMULATOR_PORT", "8790"))
RETE_MODI_DEV_FOLDER = embedded.LOCAL / "modi"


def _integration(prefix: str, *, path: str) -> dict:
    def env(name: str, development: str = "") -> str:
        return os.environ.get(prefix + name, development if DEVELOPMENT else "")

    simulator = f"http://127.0.0.1:{RETE_SIMULATOR_PORT}/{path}"
    return {
        "env_prefix": prefix,  # names the variables in destination()'s errors
        "url": env("URL", simulator),
        "profile": env("PROFILE", "modi"),
        "timeout": float(os.environ.get(prefix + "TIMEOUT", "30")),
        "ttl": float(os.environ.get(prefix + "TTL", "300")),
        "username": env("USERNAME", "rete"),
        "password": env("PASSWORD", "simulatore"),
        "sender": env("SENDER", "RETESPORTELLI"),
        "receiver": env("RECEIVER", "CLICLAVORO"),
        "key_file": os.environ.get("RETE_MODI_KEY_FILE",
                                   str(RETE_MODI_DEV_FOLDER / "key.pem") if DEVELOPMENT else ""),
        "cert_file": os.environ.get("RETE_MODI_CERT_FILE",
                                    str(RETE_MODI_DEV_FOLDER / "cert.pem") if DEVELOPMENT else ""),
        "peer_cert_file": env("PEER_CERT_FILE",
                              str(RETE_MODI_DEV_FOLDER / "simulatore" / "cert.pem")),
    }


RETE_INTEGRATIONS = {"cliclavoro": _integration("RETE_CLICLAVORO_", path="cliclavoro")}

# --- Logging --------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
