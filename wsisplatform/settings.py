"""The one settings module, driven by the environment.

Safe by default: DEBUG is off unless DJANGO_DEBUG asks for it, there is no secret in the code,
and a production start without SECRET_KEY stops with a clear error. `make run` is the only
place that turns DEBUG on (for the demo); `make test` and CI run with DEBUG off.

Environment variables (all optional unless noted):
  DJANGO_DEBUG            "1"/"true" turns on debug mode (the demo); off by default
  SECRET_KEY              required when DEBUG is off
  DATABASE_URL            e.g. postgres://user:pass@host:5432/name; default: SQLite file db.sqlite3
  REDIS_URL               e.g. redis://127.0.0.1:6379/0; without it Celery runs tasks in-process
  ALLOWED_HOSTS           comma-separated; default localhost only
  CSRF_TRUSTED_ORIGINS    comma-separated origins, e.g. https://drafts.example.org
  TIME_ZONE               default display zone (processes carry their own); default Europe/Zurich
  EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
  DEFAULT_FROM_EMAIL, EMAIL_BACKEND
  SECURE_SSL_REDIRECT     default on when DEBUG is off (set to 0 behind a proxy that terminates TLS
                          and already redirects)
  SECURE_HSTS_SECONDS     default one year when DEBUG is off
  MEDIA_ROOT, STATIC_ROOT where uploaded and collected files live
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from wsisplatform.environment import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "value (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(50))'`), "
            "or set DJANGO_DEBUG=1 for a local demo."
        )
    # Debug mode only: a fixed key is harmless because nothing it signs leaves the laptop.
    SECRET_KEY = "insecure-demo-key-only-for-DJANGO_DEBUG-mode"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_htmx",
    "axes",
    # Our apps, bottom to top of the stack (GUIDE §2).
    "processes",
    "drafts",
    "consultations",
    "meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wsisplatform.urls"
WSGI_APPLICATION = "wsisplatform.wsgi.application"
ASGI_APPLICATION = "wsisplatform.asgi.application"

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
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Failed-login lockout: 10 failures lock the username from that address for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False  # one line per failure is enough; no banner at every start

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
# Display zone for pages that belong to no process; processes carry their own (GUIDE §3.11).
TIME_ZONE = env_str("TIME_ZONE", default="Europe/Zurich")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
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
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# --- Redis: cache, Celery broker, live-screen events -------------------------------------------
REDIS_URL = env_str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without a broker the demo still works: tasks run in-process, as they would on a worker.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies is redelivered: tasks are idempotent
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# A separate queue name lets two deployments (or a test) share one Redis without stealing tasks.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", default="celery")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Beat: reminders before comment periods close and redrafts fall due. Sending is idempotent (a
# unique record per member, deadline and offset), so a beat that runs twice sends nothing twice.
REMINDER_CHECK_SECONDS = env_int("REMINDER_CHECK_SECONDS", default=600)
CELERY_BEAT_SCHEDULE = {
    "send-due-reminders": {
        "task": "consultations.tasks.send_due_reminders",
        "schedule": REMINDER_CHECK_SECONDS,
    },
}

# --- PDF rendering (drafts.tasks.render_pdf) ---------------------------------------------------
# One huge document must not take a worker down: the task is stopped after the soft limit (and
# killed after the hard one), each worker process may use at most RENDER_MEMORY_LIMIT_MB, and
# HTML beyond RENDER_MAX_HTML_BYTES is refused before WeasyPrint sees it.
RENDER_TIME_LIMIT_SECONDS = env_int("RENDER_TIME_LIMIT_SECONDS", default=300)
RENDER_MEMORY_LIMIT_MB = env_int("RENDER_MEMORY_LIMIT_MB", default=2048)
RENDER_MAX_HTML_BYTES = env_int("RENDER_MAX_HTML_BYTES", default=20_000_000)
CELERY_TASK_ANNOTATIONS = {
    "drafts.tasks.render_pdf": {
        "soft_time_limit": RENDER_TIME_LIMIT_SECONDS,
        "time_limit": RENDER_TIME_LIMIT_SECONDS + 30,
    }
}

# The site's public address, for links in e-mails (reminders, notifications), which are sent
# outside any request. Without it, the first CSRF trusted origin is used.
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
EMAIL_HOST = env_str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="drafting-platform@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    # Domain errors become JSON with a machine-readable code and a message a person can act on.
    "EXCEPTION_HANDLER": "processes.api.domain_exception_handler",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    # How many proxies stand in front of the app: DRF then takes the client address for
    # throttling from the right place in X-Forwarded-For instead of trusting the client's value.
    "NUM_PROXIES": env_int("NUM_PROXIES", default=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "WSIS drafting platform API",
    "DESCRIPTION": "Negotiate outcome documents paragraph by paragraph.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Several resources have a "state" or a "kind": each set of choices gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "ProposalStateEnum": "consultations.models.ProposalState",
        "ProposalKindEnum": "consultations.models.ProposalKind",
        "AssignmentStateEnum": "consultations.models.AssignmentState",
        "ImportStateEnum": "drafts.models.ImportState",
        "RenderingStateEnum": "drafts.models.RenderingState",
    },
}

# --- Security ---------------------------------------------------------------------------------
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    # Behind a TLS-terminating proxy (the usual deployment) the proxy says the request was https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Health checks come over plain HTTP from the orchestrator; they must not be redirected.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
    # WeasyPrint narrates every step of every render at INFO; its warnings still show.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Demo mode: the demo accounts exist only where `make run` asked for them (DEBUG on).
DEMO_MODE = DEBUG
