"""Polling the wires: each source's feed fetched through the guard, politely (conditional GET,
so an unchanged feed costs the server a 304), and its new entries filed in the Kawat inbox.

The worker's sweep enqueues one task per due source; a slow or broken feed delays only its
own task, never scheduled publishing.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _

from warta.importers.feeds import FeedError, parse
from warta.lib.fetch import FetchError, fetch
from warta.news import actions
from warta.news.models import WireSource

logger = logging.getLogger("warta.wires")

MAX_FEED_BYTES = 5 * 1024 * 1024
TIMEOUT = 30.0


def poll(source: WireSource) -> int:
    """Fetch and file one source; the number of new items. A failure is recorded on the source
    for the desk to show, and logged."""
    headers = {
        "Accept": "application/rss+xml, application/atom+xml, application/feed+json, "
        "application/xml;q=0.9, */*;q=0.5"
    }
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    try:
        answer = fetch(source.url, headers=headers, max_bytes=MAX_FEED_BYTES, timeout=TIMEOUT)
        if answer.status == 304:
            actions.record_wire_check(source)
            return 0
        if not answer.ok:
            raise FeedError(_("The server answered %(status)s.") % {"status": answer.status})
        feed = parse(answer.body)
    except (FetchError, FeedError) as error:
        logger.warning("wire %s (%s): %s", source.name, source.url, error)
        actions.record_wire_check(source, error=str(error))
        return 0
    new = actions.file_wire_items(
        source,
        [asdict(entry) for entry in feed.entries],
        etag=answer.headers.get("etag", ""),
        last_modified=answer.headers.get("last-modified", ""),
    )
    if new:
        logger.info("wire %s: %s new items", source.name, new)
    return new


def enqueue_due() -> int:
    """Called by the worker's sweep: a polling task for each source whose time has come."""
    from warta.importers.tasks import poll_wire_source

    due = actions.claim_due_wire_sources()
    for source_id in due:
        transaction.on_commit(partial(poll_wire_source.enqueue, source_id))
    return len(due)
