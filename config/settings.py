"""Order Service settings: one module, driven by environment variables.

With nothing set the service runs embedded (SQLite under var/, local-memory cache, eager Celery,
e-mails to the console and var/mail/). DATABASE_URL, REDIS_URL and EMAIL_* switch on the
production shape. See README.md for the table of variables.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Exchange, Queue

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def local_secret_key(path: Path) -> str:
    """The key of a local DEBUG run: random, made once into `path` (mode 0600) and reused, never in the repository."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text().strip()
    key = secrets.token_urlsafe(50)
    with os.fdopen(descriptor, "w") as key_file:
        key_file.write(key)
    return key


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0.")
    SECRET_KEY = local_secret_key(VAR_DIR / "secret_key")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "core",
    "accounts",
    "shop",
    "imports",
    "notifications",
    "backoffice",
    "pages",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.postgres",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "import_export",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.github",
]

MIDDLEWARE = [
    "core.middleware.ContentSecurityPolicyMiddleware",
    "core.middleware.ApiJsonErrorsMiddleware",
    "core.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    "config.middleware.StatementTimeoutMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "backoffice.workspace.middleware.WorkspaceOnlyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.AdminSearchLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL points elsewhere.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # Health checks: a connection broken by a database restart is replaced at the next request, not reused.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
    # Catalogue search corrects a misspelt word to a lexicon word at least this similar: "ipone" is 0.44
    # similar to "iphone"; pg_trgm's default 0.3 would also take far-fetched words.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c pg_trgm.similarity_threshold={env_str('SEARCH_TYPO_THRESHOLD', '0.4')}"
    )
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# PostgreSQL cancels any statement of a web request running longer than this (0: no limit); workers, imports and
# migrations are not held to it (config.middleware.StatementTimeoutMiddleware).
WEB_STATEMENT_TIMEOUT_SECONDS = float(env_str("WEB_STATEMENT_TIMEOUT_SECONDS", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and Celery: Redis when REDIS_URL is set, in-process otherwise.
REDIS_URL = env_str("REDIS_URL")
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "orderservice")
# Seconds to wait for Redis before treating the cache as down: a hung Redis must not hang every request.
CACHE_SOCKET_TIMEOUT = float(env_str("CACHE_SOCKET_TIMEOUT", "0.5"))


# Embedded mode: clients (and accounts) the file-based throttle store tracks at once; past it, a third of them
# are forgotten at random (Django's cull).
THROTTLE_MAX_CLIENTS = env_int("THROTTLE_MAX_CLIENTS", 10_000)


def redis_caches(redis_url: str) -> dict:
    """Redis down, the shop keeps selling: a `default` (catalogue) cache error is a miss, so answers come from the
    database; the `throttle` cache falls back to a per-process one, so limits still hold."""
    client_options = {"SOCKET_CONNECT_TIMEOUT": CACHE_SOCKET_TIMEOUT, "SOCKET_TIMEOUT": CACHE_SOCKET_TIMEOUT}
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {**client_options, "IGNORE_EXCEPTIONS": True},
        },
        "throttle": {
            "BACKEND": "core.cache.FallbackCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"PRIMARY_BACKEND": "django_redis.cache.RedisCache", "PRIMARY_OPTIONS": client_options},
        },
    }


# django-redis reports each error it turns into a miss to this logger, whose filter counts them: an outage is
# logged once a minute with the number of failed operations, not once (with a traceback) per operation.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "core.cache.ignored"
if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "orderservice"},
        # Files, not process memory: every gunicorn worker of `make run` counts against the same limits.
        "throttle": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "throttle",
            "OPTIONS": {"MAX_ENTRIES": THROTTLE_MAX_CLIENTS},
        },
    }
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = None
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TRACK_STARTED = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Every task has a time limit, so a stuck task cannot hold a worker forever: at the soft limit the task is
# interrupted and records why (an import run ends `failed` with the reason); TIME_LIMIT_GRACE_SECONDS later
# its process is killed. Imports get longer ones. Eager tasks (embedded mode) run without limits.
TIME_LIMIT_GRACE_SECONDS = 30
# How often each worker tells /healthz/workers that it consumes its queues (config/worker_heartbeat.py).
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 10)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + TIME_LIMIT_GRACE_SECONDS
IMPORT_TASK_SOFT_TIME_LIMIT = env_int("IMPORT_TASK_SOFT_TIME_LIMIT", 1800)
CELERY_TASK_ANNOTATIONS = {
    task: {
        "soft_time_limit": IMPORT_TASK_SOFT_TIME_LIMIT,
        "time_limit": IMPORT_TASK_SOFT_TIME_LIMIT + TIME_LIMIT_GRACE_SECONDS,
    }
    for task in (
        "imports.run_import",
        "imports.run_imports",
        "imports.apply_import",
        "imports.rollback_import",
        "imports.prune_import_data",
    )
}
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "orderservice")
# One queue per kind of work, so a long import never delays an order e-mail. Their names share the prefix
# CELERY_QUEUE (CI runs on a private one); a worker started without -Q consumes them all.
CELERY_TASK_QUEUES = [
    Queue(name, Exchange(name), routing_key=name)
    for name in [
        CELERY_TASK_DEFAULT_QUEUE,
        *(f"{CELERY_TASK_DEFAULT_QUEUE}.{kind}" for kind in ("imports", "notifications", "images")),
    ]
]
CELERY_TASK_ROUTES = {
    "imports.*": {"queue": f"{CELERY_TASK_DEFAULT_QUEUE}.imports"},
    "notifications.*": {"queue": f"{CELERY_TASK_DEFAULT_QUEUE}.notifications"},
    "shop.make_product_image_renditions": {"queue": f"{CELERY_TASK_DEFAULT_QUEUE}.images"},
    "accounts.make_avatar_thumbnail": {"queue": f"{CELERY_TASK_DEFAULT_QUEUE}.images"},
}
CELERY_BEAT_SCHEDULE = {
    "relay-outbox": {"task": "notifications.relay_outbox", "schedule": env_int("OUTBOX_RELAY_SECONDS", 5)},
    "recover-import-runs": {"task": "imports.recover_import_runs", "schedule": 60},
    "prune-import-data": {"task": "imports.prune_import_data", "schedule": timedelta(days=1)},
    "fetch-due-feeds": {"task": "imports.fetch_due_feeds", "schedule": env_int("FEED_ROUND_SECONDS", 300)},
}
# A request whose after-commit push meets a dead broker gives up within about a second: the outbox keeps the work.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_RESULT_EXPIRES = timedelta(days=1)
CATALOGUE_CACHE_TIMEOUT = env_int("CATALOGUE_CACHE_TIMEOUT", 600)
# How long the back-office user who moved a shipment may still undo that move.
SHIPMENT_UNDO_SECONDS = env_int("SHIPMENT_UNDO_SECONDS", 600)
# The most seconds a cached catalogue answer may show old stock (stock moves do not flush the cache).
CATALOGUE_AVAILABILITY_MAX_AGE = env_int("CATALOGUE_AVAILABILITY_MAX_AGE", 60)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "accounts.backends.SupplierAdminAccessBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en")
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# In production point this at a separate, cookieless origin (e.g. https://media.example-cdn.com/) served by a web
# server or object storage, so an uploaded file can never run on the site's own origin (SECURITY.md).
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Media on S3-compatible object storage when a bucket is named, so that several web nodes share uploads.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            # A public domain (CDN) serves plain URLs; without one, URLs are signed and expire.
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 3600),
            "file_overwrite": False,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Off when a web server or object storage serves media in front of Django.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not AWS_STORAGE_BUCKET_NAME)
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# The SPA's production build: WhiteNoise serves its files at the site root, a view its index.html.
FRONTEND_DIST_DIR = BASE_DIR / "frontend" / "dist"
WHITENOISE_ROOT = FRONTEND_DIST_DIR if FRONTEND_DIST_DIR.exists() else None
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: SMTP when EMAIL_HOST is set; otherwise the console and files under var/mail/.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = "config.email_backends.ConsoleAndFileEmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Order Service <noreply@orderservice.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STAFF_NOTIFICATION_EMAILS = env_list("STAFF_NOTIFICATION_EMAILS", [])

# Public address of the service, used in e-mailed links and by the social-login redirect.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
FRONTEND_URL = env_str("FRONTEND_URL", SITE_URL).rstrip("/")
FRONTEND_SOCIAL_LOGIN_SUCCESS_URL = env_str("FRONTEND_SOCIAL_LOGIN_SUCCESS_URL", f"{FRONTEND_URL}/social-login-success")

CORS_ALLOWED_ORIGINS = env_list(
    "CORS_ALLOWED_ORIGINS",
    [f"http://{host}:{port}" for host in ("localhost", "127.0.0.1") for port in (3000, 5173)] if DEBUG else [],
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.api.authentication.VersionedJWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # DRF's three, the JSON one with a nesting limit (core/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttling.AnonRateThrottle",
        "core.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("THROTTLE_ANON", "10/min"),
        "user": env_str("THROTTLE_USER", "100/min"),
        "catalogue": env_str("THROTTLE_CATALOGUE", "60/min"),
        "auth": env_str("THROTTLE_AUTH", "5/min"),
        "token": env_str("THROTTLE_TOKEN", "30/min"),
    },
    "EXCEPTION_HANDLER": "core.errors.api_exception_handler",
    # How many proxies in front of us append to X-Forwarded-For; 0 = the header is ignored, REMOTE_ADDR counts.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env_int("JWT_REFRESH_DAYS", 7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "SIGNING_KEY": env_str("JWT_SIGNING_KEY", SECRET_KEY),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Order Service API",
    "DESCRIPTION": "Multi-supplier order service: catalogue, cart, checkout, orders, supplier imports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our own static files (drf-spectacular-sidecar, pinned), never from a CDN: the docs page
    # shares its origin with the SPA, whose refresh token a third-party script could read.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["config.schema.public_api_only"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.schema.postgres_integer_bounds",
    ],
    "ENUM_NAME_OVERRIDES": {
        "OrderStatusEnum": "shop.order_status.OrderStatus",
        "ShipmentStatusEnum": "shop.order_status.ShipmentStatus",
        "ImportStatusEnum": "imports.models.ImportStatus",
    },
    # Django's <int:…> matches digits only; say so, so that clients (and schemathesis) send no negatives.
    "PATH_CONVERTER_OVERRIDES": {"int": {"type": "integer", "minimum": 0}},
}

# django-allauth: e-mail is the login; social accounts with a verified e-mail link to existing users.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = True
# After the provider's callback allauth redirects here; the view trades the session for SimpleJWT tokens.
LOGIN_REDIRECT_URL = "/api/v1/auth/social/complete/"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_QUERY_EMAIL = True  # GitHub: read the verified addresses, not only the public one
SOCIALACCOUNT_PROVIDERS = {
    "google": {
        "APPS": [
            {
                "client_id": env_str("GOOGLE_OAUTH_CLIENT_ID", "google-client-id-not-set"),
                "secret": env_str("GOOGLE_OAUTH_CLIENT_SECRET", "google-secret-not-set"),
            }
        ],
        "SCOPE": ["profile", "email"],
        "EMAIL_AUTHENTICATION": True,
    },
    "github": {
        "APPS": [
            {
                "client_id": env_str("GITHUB_OAUTH_CLIENT_ID", "github-client-id-not-set"),
                "secret": env_str("GITHUB_OAUTH_CLIENT_SECRET", "github-secret-not-set"),
            }
        ],
        "SCOPE": ["user:email"],
        "EMAIL_AUTHENTICATION": True,
    },
}

WAGTAIL_SITE_NAME = "Order Service"
# The admin talks to nobody but us: no avatars from gravatar.com (it would learn staff addresses' hashes), no
# release check against releases.wagtail.org. Both would also break the admin's Content-Security-Policy.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Failed log-ins allowed per account and per client address (API and /admin/) before a pause of the window.
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 10)
LOGIN_FAILURES_PER_IP = env_int("LOGIN_FAILURES_PER_IP", 30)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.ThrottledAdminLoginForm"
# Customers reset their password through the API only; the admin's reset flow is off for everyone.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# The admin's own account page changes an e-mail without confirming it, so a stolen back-office session would
# take the account over: nobody changes their address there (superusers change addresses in the Users section).
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# Documents go through Wagtail's view, which checks collection privacy; /media/ never serves them.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt", "xlsx", "yaml", "yml"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("IMAGE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)

# Price lists: files the API may name by path must live under this folder.
PRICELIST_DATA_DIR = Path(env_str("PRICELIST_DATA_DIR", str(BASE_DIR / "data")))
PRICELIST_MAX_BYTES = env_int("PRICELIST_MAX_BYTES", 50 * 1024 * 1024)
# A preview (dry run, admin upload) of a larger file is parsed by a worker, not inside the web request.
PRICELIST_INLINE_PREVIEW_MAX_BYTES = env_int("PRICELIST_INLINE_PREVIEW_MAX_BYTES", 256 * 1024)
# Price-list feeds (imports.feed_fetcher): seconds to connect and per read, seconds for a whole download, and
# whether private, loopback and link-local addresses may be fetched (tests only: it lets a URL reach our network).
PRICELIST_FEED_TIMEOUT = env_int("PRICELIST_FEED_TIMEOUT", 30)
PRICELIST_FEED_MAX_SECONDS = env_int("PRICELIST_FEED_MAX_SECONDS", 300)
PRICELIST_FEED_ALLOW_PRIVATE = env_bool("PRICELIST_FEED_ALLOW_PRIVATE", False)
# The stock of a YML offer marked available that gives no <count> (YML's `available` is a yes/no).
PRICELIST_YML_AVAILABLE_QUANTITY = env_int("PRICELIST_YML_AVAILABLE_QUANTITY", 1)
# An `applying` import run whose worker gave no sign of life for this long is stalled (see imports.services.recovery).
IMPORT_RUN_LEASE_SECONDS = env_int("IMPORT_RUN_LEASE_SECONDS", 120)
# Uploads, parsed lists, change pages and before-images of import runs are pruned after this many days.
IMPORT_RETENTION_DAYS = env_int("IMPORT_RETENTION_DAYS", 30)

# Multipart bodies over these (by path prefix, first match) are refused from their Content-Length, before a byte
# is written to disk; other bodies are held to DATA_UPLOAD_MAX_MEMORY_SIZE. The margin covers the form framing.
MULTIPART_MARGIN = 64 * 1024
MULTIPART_BODY_LIMITS = [
    ("/api/v1/start-import-shop/", PRICELIST_MAX_BYTES + MULTIPART_MARGIN),
    ("/api/v1/partner/update/", PRICELIST_MAX_BYTES + MULTIPART_MARGIN),
    ("/api/", WAGTAILIMAGES_MAX_UPLOAD_SIZE + MULTIPART_MARGIN),
    ("/admin/", max(PRICELIST_MAX_BYTES, WAGTAILIMAGES_MAX_UPLOAD_SIZE) + MULTIPART_MARGIN),
]

SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    # Imported only when Sentry is configured: the SDK and its integrations cost start-up time otherwise.
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=env_str("SENTRY_ENVIRONMENT", "production" if not DEBUG else "development"),
        traces_sample_rate=float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0") or 0),
        send_default_pii=False,
        # A frame's variables may hold a reset or confirmation link on its way into the sealed outbox context;
        # an error report must not carry a live secret (see SECURITY.md, "Secrets in e-mails").
        include_local_variables=False,
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"count_cache_outages": {"()": "core.cache.CountCacheOutages"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        DJANGO_REDIS_LOGGER: {"filters": ["count_cache_outages"]},
    },
}

# Production hardening: on unless DEBUG; each can be relaxed behind a TLS-terminating proxy.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    # Wagtail's live preview frames our own pages, so SAMEORIGIN rather than DENY.
    X_FRAME_OPTIONS = "SAMEORIGIN"
    SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Shop API: contacts per user and how long a contact-confirmation link stays valid.
MAX_CONTACTS_PER_USER = env_int("MAX_CONTACTS_PER_USER", 10)
CONTACT_CONFIRMATION_TTL_HOURS = env_int("CONTACT_CONFIRMATION_TTL_HOURS", 24)
