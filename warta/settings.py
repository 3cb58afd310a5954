"""Warta's settings: every value comes from a WARTA_* environment variable.

The README lists them all. Nothing here needs editing to move from one laptop (SQLite, local
files, local-memory cache) to several app servers (PostgreSQL, Redis, object storage).
"""

import secrets
from ipaddress import ip_network
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

from warta.lib.email_url import email_settings
from warta.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("WARTA_DATA_DIR", "var")).resolve()
# The data folder holds the database, the secret key and the originals: for Warta's eyes only.
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use WARTA_SECRET_KEY, or one generated once into the data folder and kept there."""
    configured = env_str("WARTA_SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("WARTA_DEBUG", False)
SITE_NAME = env_str("WARTA_SITE_NAME", "Warta")
SITE_URL = env_str("WARTA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"WARTA_SITE_URL must start with http:// or https://, not {SITE_URL!r}"
    )
ALLOWED_HOSTS = env_list("WARTA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = [SITE_URL]

INSTALLED_APPS = [
    "warta.admin_site.WartaAdminConfig",
    # Before django.contrib.auth: its changepassword and createsuperuser would write accounts
    # past actions, and news's commands of those names take their place.
    "warta.news",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "warta.media",
    "warta.public",
    "warta.search",
    "warta.seo",
    "warta.demo",
    "warta.desk",
    "warta.api",
    "warta.importers",
    "django_prose_editor",
    "django_tasks",
    "django_tasks_db",
]

# Background work (renditions, and the feeds and webhooks to come) as tasks in the database,
# run by `warta worker`: no broker on one machine, the same API as Django 6's django.tasks.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Jobs the worker's sweep runs besides publishing (each only enqueues what is due).
WARTA_PERIODIC = [
    "warta.importers.wires.enqueue_due",
    "warta.news.webhooks.enqueue_due",
    "warta.news.tasks.enqueue_due",
    "warta.public.lane.expire",
]
# Notification e-mails, sent by the worker: WARTA_EMAIL_URL (console: by default, so nothing
# leaves the machine until a newsroom names its SMTP server) and the sender's address.
_EMAIL = email_settings(env_str("WARTA_EMAIL_URL", "console:"))
EMAIL_BACKEND = _EMAIL["EMAIL_BACKEND"]
EMAIL_HOST = _EMAIL.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _EMAIL.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _EMAIL.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _EMAIL.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = _EMAIL.get("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = _EMAIL.get("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = _EMAIL.get("EMAIL_TIMEOUT", 10)
# A forgotten-password link works for two hours (and once).
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60
DEFAULT_FROM_EMAIL = env_str("WARTA_EMAIL_FROM", f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A WebSub hub (e.g. https://pubsubhubbub.appspot.com/): the feeds name it, and it is pinged on
# every publish so feed readers hear of a story at once. Empty: no hub.
WARTA_WEBSUB_HUB = env_str("WARTA_WEBSUB_HUB", "")
if WARTA_WEBSUB_HUB and not WARTA_WEBSUB_HUB.startswith(("http://", "https://")):
    raise ImproperlyConfigured("WARTA_WEBSUB_HUB must start with http:// or https://")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "warta.middleware.PermissionsPolicy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "warta.middleware.ContentSecurityPolicy",
    "django.middleware.common.CommonMiddleware",
    # Old sites' addresses, answered before the home page and after any other 404.
    "warta.public.old_addresses.OldAddresses",
    # A stored reader page goes out here, without the session, user and messages below.
    "warta.public.cache.EarlyHits",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (it knows who asks), before CSRF reads the body in process_view.
    "warta.middleware.RequestLimits",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "warta.urls"
WSGI_APPLICATION = "warta.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "warta.public.context_processors.site",
                "warta.desk.context_processors.desk",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("WARTA_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'warta.sqlite3'}",
        conn_max_age=env_int("WARTA_DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates the file (and its -wal and -shm files, which copy its mode) readable by
    # every account on the machine; made here first, it is readable by Warta's alone.
    _sqlite_file = Path(DATABASES["default"]["NAME"])
    if str(_sqlite_file) != ":memory:" and not _sqlite_file.exists():
        _sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_file.touch(mode=0o600)
    # WAL lets readers go on while the worker or the desk writes; IMMEDIATE avoids the
    # "database is locked" upgrade deadlock between two writing transactions.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
_REPLICA_URL = env_str("WARTA_REPLICA_DATABASE_URL")
if _REPLICA_URL:
    # Reader pages read a streaming replica while it is current (warta/replica.py).
    DATABASES["replica"] = dj_database_url.parse(
        _REPLICA_URL,
        conn_max_age=env_int("WARTA_DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    if {DATABASES[alias]["ENGINE"] for alias in DATABASES} != {"django.db.backends.postgresql"}:
        raise ImproperlyConfigured(
            "WARTA_REPLICA_DATABASE_URL needs PostgreSQL, for the replica and the primary"
        )
    # Tests run on the primary alone; tests/cluster/test_replica.py starts a real replica.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["warta.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_REDIS_URL = env_str("WARTA_REDIS_URL")
if _REDIS_URL:
    CACHES = {
        "default": {
            # Falls back to process memory while Redis is down (warta/cache.py).
            "BACKEND": "warta.cache.ResilientRedisCache",
            "LOCATION": _REDIS_URL,
            # A Redis that does not answer costs a reader at most this long, then the fallback.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            "KEY_PREFIX": env_str("WARTA_CACHE_PREFIX", "warta"),
        }
    }
else:
    # On one machine the app server's processes and `warta worker` share this folder, so a
    # publish by any of them refreshes the pages all of them serve.
    CACHES = {
        "default": {
            "BACKEND": "warta.file_cache.CountedFileCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env_str("WARTA_LANGUAGE", "id")
if LANGUAGE_CODE not in {"id", "en"}:
    raise ImproperlyConfigured(f"WARTA_LANGUAGE must be id or en, not {LANGUAGE_CODE!r}")
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("WARTA_TIME_ZONE", "Asia/Jakarta")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError) as exc:
    raise ImproperlyConfigured(f"WARTA_TIME_ZONE: unknown time zone {TIME_ZONE!r}") from exc
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("WARTA_MEDIA_ROOT", str(DATA_DIR / "media"))).resolve()
# Photos: local files by default; on several machines, an S3-compatible bucket (AWS S3,
# Cloudflare R2, MinIO, Ceph) through django-storages, addressed at a public base URL (the
# bucket's or a CDN's) under which only renditions/ may be readable (docs/operations.md).
WARTA_MEDIA_STORAGE = env_str("WARTA_MEDIA_STORAGE", "files")
if WARTA_MEDIA_STORAGE == "files":
    _MEDIA_STORAGE: dict = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif WARTA_MEDIA_STORAGE == "s3":
    _bucket = env_str("WARTA_MEDIA_S3_BUCKET")
    _public = env_str("WARTA_MEDIA_URL").rstrip("/")
    if not _bucket or not _public.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            "WARTA_MEDIA_STORAGE=s3 needs WARTA_MEDIA_S3_BUCKET and WARTA_MEDIA_URL "
            "(the public address of the bucket or of the CDN in front of it)"
        )
    _scheme, _, _domain = _public.partition("://")
    _MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": env_str("WARTA_MEDIA_S3_ENDPOINT") or None,
            "region_name": env_str("WARTA_MEDIA_S3_REGION") or None,
            "access_key": env_str("WARTA_MEDIA_S3_ACCESS_KEY") or None,
            "secret_key": env_str("WARTA_MEDIA_S3_SECRET_KEY") or None,
            # Unsigned, lasting addresses: pages are cached whole, and a rendition's name
            # changes with every new crop.
            "querystring_auth": False,
            "custom_domain": _domain,
            "url_protocol": f"{_scheme}:",
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    MEDIA_URL = f"{_public}/"
else:
    raise ImproperlyConfigured(
        f"WARTA_MEDIA_STORAGE must be files or s3, not {WARTA_MEDIA_STORAGE!r}"
    )
STORAGES = {
    "default": _MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
# Rendition files never change once written (their names carry the image's version), so the
# media folder is served with the same far-future caching as static files.
WARTA_SERVE_MEDIA = env_bool("WARTA_SERVE_MEDIA", True) and WARTA_MEDIA_STORAGE == "files"
# Photo uploads above this size are refused before anything is stored.
WARTA_MEDIA_MAX_UPLOAD_MB = env_int("WARTA_MEDIA_MAX_UPLOAD_MB", 20, minimum=1)

# Reader pages: browsers and CDNs may keep them this long, then serve stale while revalidating.
WARTA_PAGE_MAX_AGE = env_int("WARTA_PAGE_MAX_AGE", 60)
WARTA_PAGE_STALE = env_int("WARTA_PAGE_STALE_WHILE_REVALIDATE", 300)
WARTA_PAGE_SIZE = env_int("WARTA_PAGE_SIZE", 20, minimum=1)
# While the database is down, the last good copy of a page is served this long (and CDNs are
# told they may do the same: stale-if-error).
WARTA_PAGE_STALE_IF_ERROR = env_int("WARTA_PAGE_STALE_IF_ERROR", 86400)

# The edge: nginx (`warta edge-config nginx`) keeping reader pages in front of the app servers.
# Warta refreshes there the pages a change makes stale, through each of these addresses
# (http://127.0.0.1:8080, ...); without them, Warta does not know an edge is there. Pages that
# no change names (a new breaking bar on every page, say) the edge revalidates after this many
# seconds. The edge accepts a refresh only with the secret, derived from the secret key unless
# set.
WARTA_EDGE_URLS = env_list("WARTA_EDGE_URLS", [])
for _edge in WARTA_EDGE_URLS:
    if not _edge.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"WARTA_EDGE_URLS: {_edge!r} must start with http:// or https://"
        )
WARTA_EDGE_TTL = env_int("WARTA_EDGE_TTL", 30, minimum=1)
WARTA_EDGE_SECRET = env_str("WARTA_EDGE_SECRET", "")
# With nginx on this machine (or sharing this folder), Warta also writes each reader page it
# serves as files in this folder, which the edge serves before its cache (public.lane): a fifth
# to a half more pages a second. The worker removes a file after WARTA_EDGE_LANE_MAX_AGE seconds
# at most, the bound for a change the edge was not told of.
WARTA_EDGE_LANE = env_str("WARTA_EDGE_LANE", "")
WARTA_EDGE_LANE_MAX_AGE = env_int("WARTA_EDGE_LANE_MAX_AGE", 60, minimum=1)
if WARTA_EDGE_LANE and not WARTA_EDGE_URLS:
    raise ImproperlyConfigured(
        "WARTA_EDGE_LANE needs WARTA_EDGE_URLS: Warta removes the lane's files of a changed page "
        "only for an edge it knows"
    )

LOGIN_URL = "desk:login"
# How long a desk sign-in lasts; a newsroom that wants a working day sets 10.
SESSION_COOKIE_AGE = env_int("WARTA_SESSION_HOURS", 14 * 24, minimum=1) * 3600
SESSION_COOKIE_HTTPONLY = True
_HTTPS = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
# Proxies (nginx, a CDN) whose X-Forwarded-For and X-Forwarded-Proto headers are believed:
# addresses or networks. Without them the connecting address is the client's.
WARTA_TRUSTED_PROXIES = env_list("WARTA_TRUSTED_PROXIES", [])
try:
    for _proxy in WARTA_TRUSTED_PROXIES:
        ip_network(_proxy, strict=False)
except ValueError as exc:
    raise ImproperlyConfigured(f"WARTA_TRUSTED_PROXIES: {exc}") from exc
# Networks that outgoing fetches (wire feeds, media, page import, webhooks) may reach although
# they are not on the public internet: a newsroom's own wire server on its LAN, say. Empty by
# default, so nothing an editor types can make Warta call into its own network.
WARTA_FETCH_ALLOW_NETWORKS = env_list("WARTA_FETCH_ALLOW_NETWORKS", [])
try:
    for _network in WARTA_FETCH_ALLOW_NETWORKS:
        ip_network(_network, strict=False)
except ValueError as exc:
    raise ImproperlyConfigured(f"WARTA_FETCH_ALLOW_NETWORKS: {exc}") from exc
if WARTA_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# An https site tells browsers to come back over https only (HSTS) and redirects plain http.
SECURE_SSL_REDIRECT = env_bool("WARTA_HTTPS_REDIRECT", _HTTPS)
SECURE_HSTS_SECONDS = env_int("WARTA_HSTS_SECONDS", 31536000 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("WARTA_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("WARTA_HSTS_PRELOAD", False)
# Asking browsers to hard-code the domain (HSTS preload) is the newsroom's decision, made with
# WARTA_HSTS_PRELOAD, not a fault in the configuration.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
# Request bodies, refused before they are read (warta.middleware.RequestLimits): readers send
# none worth more than this; the desk's forms may send up to Django's own 2.5 MB.
WARTA_MAX_PUBLIC_BODY = 64 * 1024


def _rate(name: str, default: str) -> str:
    """A request rate such as 600/min: requests per second, minute, hour or day."""
    value = env_str(name, default)
    count, _, period = value.partition("/")
    if not count.isdigit() or int(count) < 1 or period not in ("s", "min", "hour", "day"):
        raise ImproperlyConfigured(
            f"{name} must look like 600/min (s, min, hour or day): {value!r}"
        )
    return value


# The API's rate limits: per client address, and per token for staff (429 with Retry-After).
WARTA_API_RATE_ADDRESS = _rate("WARTA_API_RATE_ADDRESS", "600/min")
WARTA_API_RATE_TOKEN = _rate("WARTA_API_RATE_TOKEN", "1200/min")
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Features no page uses, switched off for every page and anything embedded in one.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # Desk pages add a per-response nonce (the editor's import map); reader pages never
        # touch it, so their headers stay the same for every reader and remain cacheable.
        "script-src": ["'self'", NONCE],
        # The hash of an empty <style>: the desk's editor page holds one marked data-tiptap-style,
        # so the editor finds its styles in place (they are in desk.css) and injects none.
        "style-src": ["'self'", "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("WARTA_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # The task worker announces every poll (twice a second); warta.worker logs the work.
        "django_tasks_db": {"level": "WARNING"},
    },
}
