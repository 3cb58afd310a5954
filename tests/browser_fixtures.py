"""Debian's Chromium, driven by Playwright's sync API, against pytest-django's live server.

One browser for the whole session; every test gets fresh contexts (cookies, storage,
permissions), and every page in them reports its console errors and uncaught exceptions.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    WebError,
    sync_playwright,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Screenshots for a person to look at; the folder is in .gitignore.
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with pytest.MonkeyPatch.context() as patch:
        # The sync API keeps an asyncio loop running on this thread between calls, and Django
        # would then refuse the ORM calls made beside it (factories, the transactional flush).
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def site_url(live_server, settings, _isolated) -> str:
    """The live server's address, also as SITE_URL so canonical and share links point at it."""
    settings.SITE_URL = live_server.url
    return live_server.url


class _RequestsInFlight:
    """Counts the live server's requests between Django's request signals.

    Closing a browser context does not stop a request its page already sent (the desk's
    presence poll, for one): the server thread may still be inside it while the test's
    teardown flushes the database, and SQLite then refuses the flush ("table is locked"),
    which leaves this test's rows to the next one.
    """

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()

    def started(self, **_: object) -> None:
        with self._lock:
            self._count += 1

    def finished(self, **_: object) -> None:
        with self._lock:
            self._count -= 1

    def wait_until_idle(self, timeout: float = 10.0, settle: float = 0.2) -> None:
        """Return once no request has been in flight for `settle` seconds."""
        deadline = time.monotonic() + timeout
        quiet_since = None
        while time.monotonic() < deadline:
            with self._lock:
                busy = self._count > 0
            if busy:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= settle:
                return
            time.sleep(0.02)


@pytest.fixture
def browser_errors() -> list[str]:
    """Console errors and uncaught exceptions from every page of every context of the test."""
    return []


@pytest.fixture
def new_context(browser, site_url, browser_errors) -> Iterator[Callable[..., BrowserContext]]:
    """Open a context like an Indonesian reader's; pass Playwright's options to change it."""
    opened: list[BrowserContext] = []
    in_flight = _RequestsInFlight()
    request_started.connect(in_flight.started, weak=False)
    request_finished.connect(in_flight.finished, weak=False)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            browser_errors.append(f"console error at {message.location}: {message.text}")

    def on_web_error(error: WebError) -> None:
        browser_errors.append(f"uncaught on {error.page.url if error.page else '?'}: {error.error}")

    def make(**options: object) -> BrowserContext:
        options = {
            "base_url": site_url,
            "locale": "id-ID",
            "timezone_id": "Asia/Jakarta",
            **options,
        }
        context = browser.new_context(**options)
        context.on("console", on_console)
        context.on("weberror", on_web_error)
        opened.append(context)
        return context

    yield make
    for context in opened:
        try:
            context.close()
        except Error:
            pass  # the browser already went away; the test's own failure says why
    in_flight.wait_until_idle()
    request_started.disconnect(in_flight.started)
    request_finished.disconnect(in_flight.finished)


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
