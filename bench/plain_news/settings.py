"""Settings of the plain app: the database file of the benchmark's run, nothing else."""

import os

DEBUG = False
SECRET_KEY = "bench-plain-news"  # noqa: S105 - a benchmark, served on loopback only
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "bench.plain_news.urls"
INSTALLED_APPS = ["bench.plain_news"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["PLAIN_NEWS_DATABASE"],
    }
}
# With DEBUG off, Django's default loaders are cached: each template is parsed once.
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"
LANGUAGE_CODE = "id"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
