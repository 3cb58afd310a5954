"""Test-wide setup: a throwaway media folder, a clean cache per test, and no silent skips in CI."""

import os

import pytest
from django.core.cache import cache

# One Chromium for the whole run, shared by every browser test (tests/browser, tests/seo).
from tests.browser_fixtures import artifacts, browser, browser_errors, new_context, site_url  # noqa: E402, F401

# Another site on the network (127.0.0.2), for outgoing fetches: feeds, media, webhooks.
from tests.origin import origin  # noqa: E402, F401
from warta.public import cache as page_cache
from warta.public import reads

REQUIRE_ALL = os.environ.get("WARTA_REQUIRE_ALL") == "1"


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path_factory):
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")
    # Not the data folder of whoever runs the tests: `pytest` run by hand in a checkout would
    # otherwise write the demo's accounts file (new passwords) and import reports into var/.
    settings.DATA_DIR = tmp_path_factory.getbasetemp() / "data"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SITE_URL = "https://warta.example"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Real hashing costs a second per login; the tests are about who may sign in, not the hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    reads._pending.clear()  # the read buffer lives in the process, like the cache
    page_cache.forget_kept()  # and so do the pages a process keeps
    yield
    cache.clear()


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run at once when enqueued (on commit), in the test's own transaction and database
    connection: the database worker's own loop closes connections, which a test cannot lend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under `make test` a skipped test means a missing component: report it as a failure."""
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_ALL and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under make test, so a component is missing: {report.longrepr}"
