"""Rebound settings. Every value comes from the environment (see README, "Configuration").

The defaults make a safe local set-up: SQLite, no Redis, emails kept in a local outbox.
Production sets DEBUG=0, which then requires a real SECRET_KEY and ALLOWED_HOSTS.
"""

import warnings
from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from config import env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env.boolean("DEBUG", True)

SECRET_KEY = env.text("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "local-development-only-key-never-used-with-debug-off-0123456789"  # noqa: S105

ALLOWED_HOSTS = env.comma_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env.comma_list("CSRF_TRUSTED_ORIGINS")
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"CSRF_TRUSTED_ORIGINS entry {_origin!r} must start with http:// or https://.")

SITE_URL = env.url("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "crispy_forms",
    "django_htmx",
    "axes",
    "core",
    "accounts",
    "reminders",
    "jobhunt",
    "recovery",
    "insights",
    "sharing",
    "inbox",
    "home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "accounts.middleware.PrivatePagesMiddleware",
    # Last, as django-axes asks: it turns a lockout into its own response.
    "axes.middleware.AxesMiddleware",
]

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
                "home.menu.main_menu",
            ],
        },
    }
]

DATABASES = {"default": env.database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    VAR_DIR.mkdir(exist_ok=True)  # the embedded default keeps its database under var/
    # Requests are served from many threads at once. With a write-ahead log readers never wait for
    # a writer; a transaction that takes the write lock when it begins waits its turn (up to the
    # timeout, in seconds) instead of failing with "database is locked" when it reads, then writes.
    for _option, _value in {
        "init_command": "PRAGMA journal_mode=WAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }.items():
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(_option, _value)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.integer("DB_CONN_MAX_AGE", 60, minimum=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    # A page's statements are small and quick; PostgreSQL's JIT compiler, switched on by the cost
    # estimates of a few aggregates over a long search, spent longer compiling them than running.
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
# core.sql prepares its statements once per connection; off behind a pooler that hands each
# transaction another connection (pgbouncer in transaction mode).
DB_PREPARED_STATEMENTS = env.boolean("DB_PREPARED_STATEMENTS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (accounts.throttle; README, "Your account"). Over the last 15 minutes,
# AXES_FAILURE_LIMIT wrong passwords for one account from one address lock that pair, and
# LOGIN_ADDRESS_FAILURE_LIMIT wrong passwords from one address, across accounts, pause it for all.
AXES_FAILURE_LIMIT = env.integer("AXES_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env.integer("LOGIN_ADDRESS_FAILURE_LIMIT", 30, minimum=1)
if LOGIN_ADDRESS_FAILURE_LIMIT < AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        f"LOGIN_ADDRESS_FAILURE_LIMIT={LOGIN_ADDRESS_FAILURE_LIMIT} must be at least "
        f"AXES_FAILURE_LIMIT={AXES_FAILURE_LIMIT}: one address may always try what one account may."
    )
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.throttle.LoginThrottle"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# The login form posts `username` and authenticate() gets `username=`. Axes would otherwise look
# for USERNAME_FIELD ("email") and count failures and lockouts under different keys.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.throttle.axes_username"  # one count per address, whatever its case
# The client's address. Off (0), it is REMOTE_ADDR and X-Forwarded-For is never read. Behind N
# reverse proxies that each append to X-Forwarded-For, and only reachable through them, set N.
TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=10)
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_address"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.time_zone("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# CVs and cover letters (jobhunt.models.Document): kept out of any public URL and served only to
# their owner through a signed-in view. A local folder by default; any S3-compatible store when
# DOCUMENTS_S3_BUCKET is set (django-storages with boto3 installed: README, "Files").
DOCUMENTS_DIR = env.text("DOCUMENTS_DIR") or str(VAR_DIR / "documents")
DOCUMENTS_S3_BUCKET = env.text("DOCUMENTS_S3_BUCKET")
if DOCUMENTS_S3_BUCKET:
    _documents_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DOCUMENTS_S3_BUCKET,
            "endpoint_url": env.text("DOCUMENTS_S3_ENDPOINT_URL") or None,
            "region_name": env.text("DOCUMENTS_S3_REGION") or None,
            "access_key": env.text("DOCUMENTS_S3_ACCESS_KEY_ID") or None,
            "secret_key": env.text("DOCUMENTS_S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _documents_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DOCUMENTS_DIR, "base_url": None, "file_permissions_mode": 0o600},
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": _documents_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

if DEBUG:
    # Local runs serve files straight from static/; no collectstatic folder is expected.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
    warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")

# Widgets render through the project's templates (jobhunt/widgets/), Django's own after them.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Rebound's own template pack (templates/rebound/): Bootstrap 5 markup, lean templates.
CRISPY_ALLOWED_TEMPLATE_PACKS = ("rebound",)
CRISPY_TEMPLATE_PACK = "rebound"

MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"

# Email. Without EMAIL_HOST, mail goes to a local outbox folder (see reminders.outbox).
EMAIL_HOST = env.text("EMAIL_HOST")
EMAIL_PORT = env.integer("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env.text("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.text("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "Rebound <reminders@rebound.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
OUTBOX_DIR = VAR_DIR / "outbox"
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "reminders.outbox.OutboxBackend"

# Celery. Without REDIS_URL there is no broker: tasks run in-process and a background
# thread started by `make run` (manage.py runlocal) runs CELERY_BEAT_SCHEDULE (reminders.embedded).
REDIS_URL = env.text("REDIS_URL")
if REDIS_URL:
    REDIS_URL = env.url("REDIS_URL", REDIS_URL)
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 150
CELERY_TASK_ACKS_LATE = False  # set per task, only on idempotent ones
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must fail fast when Redis is down: a web request never hangs on the broker.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
    "interval_start": 0,  # that one retry happens at once, not after kombu's default 2 s
    "visibility_timeout": 3600,
}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE = {
    "dispatch-due-reminders": {"task": "reminders.tasks.dispatch_due_reminders", "schedule": 60.0},
    # Plans each person's next weekly plan digest; idempotent, so once a day is plenty.
    "schedule-weekly-plan-digests": {"task": "recovery.tasks.schedule_weekly_digests", "schedule": 24 * 60 * 60.0},
    # Claims the mailboxes due a look (each with a lease, so two workers never read one).
    "watch-mailboxes": {"task": "inbox.tasks.watch_mailboxes", "schedule": 60.0},
}
CELERY_TIMEZONE = "UTC"

# Connected mailboxes (inbox): their passwords are encrypted with these Fernet keys, the first
# used to encrypt, any to decrypt, so a new key can go first and old ones follow until rotated
# out (`manage.py rotate_mailbox_keys`). Without a key, connecting a mailbox is turned off.
MAILBOX_KEYS = env.fernet_keys("MAILBOX_KEYS")
# A certificate authority to trust besides the system's, for a mail server with its own CA (a
# company's); certificates are verified either way.
MAILBOX_CA_FILE = env.text("MAILBOX_CA_FILE")
# How often the connected mailboxes are looked at (each at most this often).
MAILBOX_CHECK_SECONDS = env.integer("MAILBOX_CHECK_SECONDS", 300, minimum=60, maximum=86400)
# Workers started for tests and benchmarks listen on their own queue so they never take each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = env.text("CELERY_QUEUE", "celery")

# "shared": values every web and worker process reads: a big import's progress (written by the
# worker while its transaction is still open). Redis when there is one; otherwise this process's
# memory, which is all the embedded set-up needs since its tasks run in-process.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "rebound",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
}

# Reminder dispatch (reminders.dispatch). A claimed row belongs to its dispatcher for the lease;
# after it, another dispatcher takes it over. Failed sends retry after 1, 2, 4, 8 × the base delay.
REMINDERS_LEASE_SECONDS = env.integer("REMINDERS_LEASE_SECONDS", 300, minimum=2)
REMINDERS_BATCH_SIZE = env.integer("REMINDERS_BATCH_SIZE", 50, minimum=1, maximum=1000)
REMINDERS_RETRY_SECONDS = env.integer("REMINDERS_RETRY_SECONDS", 60, minimum=0)
# How many passes run side by side when a backlog builds up (about one per worker process).
REMINDERS_DISPATCHERS = env.integer("REMINDERS_DISPATCHERS", 2, minimum=1, maximum=64)

# Security. HTTPS defaults on whenever DEBUG is off; set HTTPS=0 only behind plain-HTTP tests.
HTTPS = env.boolean("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env.boolean("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No inline or third-party script anywhere: every script is a file under static/.
# Inline style attributes stay allowed (progress bars set their width that way).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "INFO").upper()},
    # WeasyPrint tells every step of each PDF at INFO.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
