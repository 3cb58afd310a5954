"""Fault drill: workers killed mid-publish. Two `warta worker` processes publish the same due
articles at once; one is killed with SIGKILL while it works; a restarted worker finishes. Every
article is published exactly once (one audit entry, one publish revision), and the search index
and the reader pages have each of them. On SQLite and on PostgreSQL."""

import json
import os
import signal
import subprocess
import sys
import time

from tests.faults.test_backup_restore import databases, newsroom, warta  # noqa: F401

COUNT = 40
SCHEDULE = f"""
from datetime import timedelta
from django.utils import timezone
from warta.test import make_article, make_section
section = make_section("Nasional")
at = timezone.now() + timedelta(seconds=4)
for n in range({COUNT}):
    make_article(f"Berita terjadwal nomor {{n}} tentang pelabuhan", section=section,
                 status="scheduled", published_at=at)
print(at.timestamp())
"""
CHECK = """
import json
from django.db.models import Count
from warta.news.models import Article, AuditEntry
from warta.search.models import Document
from warta.search.query import search
published = Article.objects.published()
print(json.dumps({
    "published": published.count(),
    "scheduled": Article.objects.filter(status="scheduled").count(),
    "audits": sorted(set(AuditEntry.objects.filter(action="publish").values("article")
        .annotate(n=Count("pk")).values_list("n", flat=True))),
    "revisions": sorted(set(Article.objects.annotate(n=Count("revisions"))
        .values_list("n", flat=True))),
    "indexed": Document.objects.filter(pk__in=published.values("pk")).count(),
    "found": search("pelabuhan").total,
}))
"""


def test_every_due_article_is_published_exactly_once(tmp_path, databases):  # noqa: F811
    env = newsroom(tmp_path, "redaksi", databases[0])
    due = float(warta(env, "shell", "-c", SCHEDULE).stdout.strip().splitlines()[-1])
    time.sleep(max(0.0, due - time.time()) + 0.5)
    command = [sys.executable, "-m", "warta", "worker", "--once"]
    full_env = {**os.environ, **env}
    first = subprocess.Popen(
        command, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    second = subprocess.Popen(
        command, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    time.sleep(1.6)  # start-up, then into the publishing
    first.send_signal(signal.SIGKILL)
    first.wait()
    second.wait(timeout=120)
    assert second.returncode == 0, second.stderr.read().decode()
    warta(env, "worker", "--once")  # the restarted worker catches up

    state = json.loads(warta(env, "shell", "-c", CHECK).stdout.strip().splitlines()[-1])
    assert state == {
        "published": COUNT,
        "scheduled": 0,
        "audits": [1],
        "revisions": [2],  # drafted, scheduled: publishing the approved text adds none
        "indexed": COUNT,
        "found": COUNT,
    }
