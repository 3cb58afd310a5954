"""Render time of the article page and the home page against the size of the archive.

Every list on a reader page is "the newest few of something", which an index answers without
reading the rest of the archive; so a page should cost about the same at a hundred thousand
articles as at a thousand. This benchmark builds a fresh database for each size, renders both
pages with the caches out of the way, and prints the ratio of the largest archive's timings to
the smallest's (the baseline, measured in the same run). It also prints the query count per
page, which must not move with the size, and each query's own time, so that a query whose cost
grows with the archive is named, with its plan, instead of guessed at.

    .venv/bin/python bench/page_render.py                      # 1k, 10k and 100k on SQLite
    .venv/bin/python bench/page_render.py --sizes 1000,10000 --db postgres
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import random
import re
import statistics
import sys
import tempfile
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

DEFAULT_SIZES = (1_000, 10_000, 100_000)
PG_NAME = "warta_bench"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
TARGET_RATIO = 1.3
# A query is reported as growing when it is this much slower at the largest size as well as
# TARGET_RATIO times slower: below it, the difference is timer noise, not the archive.
GROWTH_FLOOR_MS = 0.5
BATCH = 2_000
SPAN = timedelta(days=730)
MIX_SIZE = 50
MIX_WITH_TOPIC = 15
HOME_WARMUP = 20
# Requests per page in the profiled pass, after the timed ones: the mix once, or home 50 times.
PROFILED_REQUESTS = 50
TAGS = 300
TAGS_PER_ARTICLE = 3
PEOPLE = 20
TOPICS = 6
TOPIC_SHARE = 0.10
IMAGES = 20
# The newest articles get a day of hourly read counters, the same number at every size, so
# "Terpopuler" reads as much at 1k as at 100k and only the archive grows.
READ_ARTICLES = 100
RENDITIONS = {
    "16x9": [480, 800, 1200, 1600],
    "1x1": [160, 320, 1200],
    "4x3": [1200],
    "4x5": [640],
    "og": [1200],
}
# Articles per section, roughly as an Indonesian portal publishes them.
SECTION_WEIGHTS = {
    "nasional": 25,
    "internasional": 10,
    "asia-pasifik": 6,
    "ekonomi": 14,
    "olahraga": 8,
    "sepak-bola": 10,
    "teknologi": 8,
    "hiburan": 9,
    "gaya-hidup": 7,
    "opini": 3,
}
CACHE_NOTE = (
    "Django's cache is cleared before every timed request: the whole-page cache misses and the "
    "navigation (sections, footer pages) is rebuilt, so each sample is a full render."
)

# Wide enough for a query's name and its plan when the output goes to a file or a pipe.
console = Console(width=None if sys.stdout.isatty() else 120)


# Synthetic Indonesian text ------------------------------------------------------------------

SUBJECTS = (
    "Pemerintah", "Presiden", "Menteri Keuangan", "DPR", "Gubernur Jawa Barat", "Bank Indonesia",
    "KPK", "Polda Metro Jaya", "BMKG", "Pertamina", "PSSI", "Timnas Indonesia",
    "Wali Kota Surabaya", "Kementerian Kesehatan", "OJK", "Mahkamah Konstitusi", "Warga Bekasi",
    "Petani Karawang", "Pengusaha UMKM", "Mahasiswa Yogyakarta", "Basarnas", "PLN", "KAI",
    "Persib Bandung",
)  # fmt: skip
ACTIONS = (
    "umumkan", "tinjau", "bahas", "tolak", "setujui", "luncurkan", "selidiki", "tingkatkan",
    "pangkas", "siapkan", "evaluasi", "tunda", "percepat", "kritik", "dukung", "awasi",
)  # fmt: skip
OBJECTS = (
    "anggaran pendidikan", "harga beras", "proyek kereta cepat", "kebijakan impor gula",
    "program makan bergizi", "jalan tol Trans Sumatra", "subsidi BBM", "tarif listrik",
    "rekrutmen CPNS", "pembangunan IKN", "vaksinasi anak", "bantuan sosial", "harga cabai",
    "aturan ojek daring", "kuota haji", "pajak kendaraan", "stadion baru", "digitalisasi UMKM",
    "perlindungan data pribadi", "normalisasi sungai", "kenaikan UMR", "jadwal liga",
)  # fmt: skip
TAILS = (
    "di Jakarta", "jelang Lebaran", "usai rapat terbatas", "pekan depan", "di tengah banjir",
    "tahun ini", "hingga akhir bulan", "di Senayan", "setelah protes warga", "demi stabilitas",
    "di Makassar", "di Medan", "sebelum musim hujan", "di tengah sorotan publik",
)  # fmt: skip
KICKERS = ("EKSKLUSIF", "ANALISIS", "WAWANCARA", "FOTO", "CEK FAKTA", "INFOGRAFIK")
CITIES = (
    "Jakarta", "Surabaya", "Bandung", "Medan", "Makassar", "Semarang", "Yogyakarta", "Denpasar",
    "Palembang", "Balikpapan", "Manado", "Jayapura", "Pontianak", "Padang",
)  # fmt: skip
CONNECTIVES = (
    "menurut keterangan resmi", "kata seorang pejabat", "seperti dilaporkan warga",
    "dalam konferensi pers", "berdasarkan data terbaru", "menurut pengamat",
)  # fmt: skip
OUTCOMES = (
    "akan berlaku mulai bulan depan", "masih menunggu keputusan akhir",
    "mendapat tanggapan beragam dari masyarakat", "diperkirakan menelan biaya triliunan rupiah",
    "dinilai perlu kajian lebih lanjut", "sudah dibahas bersama pemerintah daerah",
    "menjadi perhatian utama tahun ini", "belum menunjukkan hasil yang diharapkan",
)  # fmt: skip
FIRST_NAMES = (
    "Rina", "Dimas", "Sari", "Andi", "Bambang", "Maya", "Yoga", "Lestari", "Agus", "Dewi",
    "Fajar", "Nur", "Putri", "Rizky", "Siti", "Teguh", "Wahyu", "Indah", "Hendra", "Ayu",
)  # fmt: skip
LAST_NAMES = (
    "Kusuma", "Pratama", "Wulandari", "Saputra", "Sutrisno", "Anggraini", "Prasetyo", "Hadi",
    "Nugroho", "Lestari", "Siregar", "Simanjuntak", "Hidayat", "Rahman", "Setiawan", "Putra",
)  # fmt: skip
TAG_THEMES = (
    "Banjir", "Pilkada", "Harga Beras", "Gempa", "Korupsi", "Investasi", "Pariwisata", "Macet",
    "Kebakaran Hutan", "Pendidikan", "Kesehatan", "Sepak Bola", "Bulu Tangkis", "Startup",
    "Pajak", "Inflasi", "Kuliner", "Konser", "Mudik", "Transportasi", "Energi", "Pertanian",
    "Nelayan", "Polusi", "Hukum",
)  # fmt: skip
TAG_PLACES = (
    "Jakarta", "Jawa Barat", "Jawa Tengah", "Jawa Timur", "Bali", "Sumatra Utara", "Sulawesi",
    "Kalimantan", "Papua", "NTT", "Aceh", "Riau", "Banten", "Lampung", "Maluku",
)  # fmt: skip
TOPIC_NAMES = (
    "Pemilu Serentak", "Banjir Jabodetabek", "Piala Asia", "Krisis Harga Pangan",
    "Pemindahan Ibu Kota", "Sidang Kasus Tol",
)  # fmt: skip


class Prose:
    """Indonesian-looking headlines and paragraphs, varied enough that rows differ in length."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.paragraphs = [self._paragraph() for _ in range(600)]

    def headline(self) -> str:
        pick = self.rng.choice
        return (
            f"{pick(SUBJECTS)} {pick(ACTIONS).capitalize()} {pick(OBJECTS).title()} {pick(TAILS)}"
        )

    def sentence(self) -> str:
        pick = self.rng.choice
        return (
            f"{pick(SUBJECTS)} {pick(ACTIONS)} {pick(OBJECTS)} {pick(TAILS)}, {pick(CONNECTIVES)}, "
            f"dan rencana itu {pick(OUTCOMES)}."
        )

    def _paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 4)))

    def body(self) -> str:
        """About 3 KB: six paragraphs and a subheading, the size of a typical news story."""
        parts = [f"<p>{text}</p>" for text in self.rng.sample(self.paragraphs, 6)]
        parts.insert(3, f"<h2>{self.rng.choice(OBJECTS).capitalize()}</h2>")
        return "".join(parts)


# The database ------------------------------------------------------------------------------


def setup_django(db: str, data_dir: Path) -> None:
    """Point Warta's settings at a throwaway data folder and database, then start Django.

    Redis is left out on purpose: the benchmark empties the cache before every request and must
    never do that to a real one.
    """
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "warta.settings"
    os.environ["WARTA_DATA_DIR"] = str(data_dir)
    os.environ["WARTA_DATABASE_URL"] = (
        PG_URL if db == "postgres" else f"sqlite:///{data_dir / 'bench.sqlite3'}"
    )
    for name in ("WARTA_REDIS_URL", "WARTA_DEBUG", "WARTA_MEDIA_ROOT"):
        os.environ.pop(name, None)
    os.environ.setdefault("WARTA_LOG_LEVEL", "WARNING")
    django.setup()
    from django.core.management import call_command

    # DEBUG is off, as in production, so {% static %} needs the manifest that collectstatic writes.
    call_command("collectstatic", interactive=False, verbosity=0)


def reset_database(db: str, data_dir: Path) -> None:
    """An empty, migrated database: each size starts from nothing, not from the previous size."""
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    if db == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {PG_NAME}")
    else:
        for suffix in ("", "-wal", "-shm"):
            (data_dir / f"bench.sqlite3{suffix}").unlink(missing_ok=True)
    call_command("migrate", interactive=False, verbosity=0)


def drop_database(db: str) -> None:
    """Leave no benchmark database behind on the shared PostgreSQL server."""
    from django.db import connections

    connections.close_all()
    if db == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")


class Story(NamedTuple):
    """Enough of an article to build its URL, kept instead of 100,000 model instances."""

    pk: int
    section_slug: str
    slug: str
    has_topic: bool


def _batches(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(start + size, total))


def _distinct(rng: random.Random, items: Sequence[Any], cum_weights: list[float], k: int) -> list:
    picked: dict[int, Any] = {}
    while len(picked) < k:
        for item in rng.choices(items, cum_weights=cum_weights, k=k):
            picked.setdefault(item.pk, item)
    return list(picked.values())[:k]


@dataclass
class Cast:
    """Everything an article links to, created once per database."""

    sections: list[Any]
    section_weights: list[float]
    writers: list[Any]
    editors: list[Any]
    tags: list[Any]
    tag_weights: list[float]
    topics: list[Any]
    images: list[Any]


def create_cast(rng: random.Random, prose: Prose) -> Cast:
    """The demo newsroom's sections and pages, and generated people, tags, topics and photos.

    Tag weights are skewed (a few tags are on many articles, as "Banjir Jakarta" would be on a
    real site), so a query that reads every article of a tag is caught at its worst.
    """
    from warta.demo.loader import newsroom
    from warta.lib.slugs import make_slug
    from warta.media.models import Image
    from warta.news.models import Page, Person, Section, Tag, Topic

    data = newsroom()
    sections: dict[str, Section] = {}
    for order, item in enumerate(data["section"], start=1):
        sections[item["slug"]] = Section.objects.create(
            slug=item["slug"],
            name=item["name"],
            parent=sections.get(item.get("parent", "")),
            order=order,
        )
    Page.objects.bulk_create(
        Page(slug=item["slug"], title=item["title"], body=item["body"], order=order)
        for order, item in enumerate(data["page"], start=1)
    )
    names = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    roles = ["penulis"] * 14 + ["editor"] * 3 + ["fotografer"] * 2 + ["kontributor"]
    people = Person.objects.bulk_create(
        Person(name=name, slug=make_slug(name), roles=[role])
        for name, role in zip(rng.sample(names, PEOPLE), roles, strict=True)
    )
    photographers = [p for p in people if p.roles == ["fotografer"]]
    tag_names = rng.sample([f"{t} {p}" for t in TAG_THEMES for p in TAG_PLACES], TAGS)
    images = Image.objects.bulk_create(
        Image(
            file=f"originals/bench/{number}.jpg",
            width=1600,
            height=900,
            caption=prose.headline(),
            credit="Warta/Bench",
            alt_text=f"Foto ilustrasi {number}",
            photographer=photographers[number % len(photographers)],
            renditions=RENDITIONS,
        )
        for number in range(IMAGES)
    )
    return Cast(
        sections=list(sections.values()),
        section_weights=list(itertools.accumulate(SECTION_WEIGHTS.get(s, 5) for s in sections)),
        writers=[p for p in people if p.roles[0] in ("penulis", "kontributor")],
        editors=[p for p in people if p.roles == ["editor"]],
        tags=Tag.objects.bulk_create(Tag(name=name, slug=make_slug(name)) for name in tag_names),
        tag_weights=list(itertools.accumulate(1 / (rank + 5) for rank in range(TAGS))),
        topics=Topic.objects.bulk_create(
            Topic(name=name, slug=make_slug(name)) for name in TOPIC_NAMES[:TOPICS]
        ),
        images=images,
    )


def fill(size: int, rng: random.Random, advance: Callable[[int], None]) -> list[Story]:
    """size published articles spread over two years, oldest first, inserted in batches.

    The newest seven make the home page's headline block and the newest one is breaking news,
    so the home page shows what it shows on a real day.
    """
    from django.db import transaction
    from django.utils import timezone

    from warta.lib.slugs import make_slug
    from warta.news import listing_dates
    from warta.news.models import Article, ArticleView, ArticleWriter, Person, Tag

    prose = Prose(rng)
    now = timezone.now().replace(microsecond=0)
    offsets = sorted(rng.random() for _ in range(size))
    stories: list[Story] = []
    with transaction.atomic():
        cast = create_cast(rng, prose)
        for batch in _batches(size, BATCH):
            articles = []
            for index in batch:
                headline = prose.headline()
                published = now - SPAN + (SPAN - timedelta(minutes=5)) * offsets[index]
                newest = size - index  # 1 for the newest article
                articles.append(
                    Article(
                        headline=headline,
                        slug=make_slug(headline),
                        kicker=rng.choice(KICKERS) if rng.random() < 0.1 else "",
                        summary=prose.sentence(),
                        dateline_city=rng.choice(CITIES),
                        body=prose.body(),
                        hero_image=cast.images[index % len(cast.images)],
                        section=rng.choices(cast.sections, cum_weights=cast.section_weights)[0],
                        topic=rng.choice(cast.topics) if rng.random() < TOPIC_SHARE else None,
                        editor=rng.choice(cast.editors),
                        status=Article.Status.PUBLISHED,
                        published_at=published,
                        updated_at=published,
                        is_headline=newest <= 7,
                        headline_position=newest if newest <= 7 else 0,
                        breaking_until=now + timedelta(hours=2) if newest == 1 else None,
                    )
                )
            Article.objects.bulk_create(articles)
            Article.tags.through.objects.bulk_create(
                Article.tags.through(article_id=article.pk, tag_id=tag.pk)
                for article in articles
                for tag in _distinct(rng, cast.tags, cast.tag_weights, TAGS_PER_ARTICLE)
            )
            ArticleWriter.objects.bulk_create(
                ArticleWriter(article_id=article.pk, person_id=person.pk, position=position)
                for article in articles
                for position, person in enumerate(
                    rng.sample(cast.writers, 2 if rng.random() < 0.2 else 1)
                )
            )
            stories += (
                Story(article.pk, article.section.slug, article.slug, article.topic_id is not None)
                for article in articles
            )
            advance(len(articles))
        hour = now.replace(minute=0, second=0)
        ArticleView.objects.bulk_create(
            ArticleView(
                article_id=story.pk, hour=hour - timedelta(hours=h), count=rng.randint(1, 900)
            )
            for story in stories[-READ_ARTICLES:]
            for h in range(24)
        )
        # Bulk inserts go around news.actions, which keeps these dates.
        listing_dates.recount(Tag)
        listing_dates.recount(Person)
    return stories


def analyze(db: str) -> None:
    """Fresh statistics on PostgreSQL, as autovacuum gathers them soon after a bulk load.

    SQLite is left as Warta leaves it in production, where nothing runs ANALYZE.
    """
    from django.db import connection

    if db == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def pick_mix(stories: list[Story], rng: random.Random) -> list[str]:
    """Fifty articles as readers reach them: recent ones mostly, old ones too, some in a topic."""
    from django.urls import reverse

    recent_cut = len(stories) - max(len(stories) // 20, MIX_SIZE)
    topical = [s for s in stories if s.has_topic]
    plain_recent = [s for s in stories[recent_cut:] if not s.has_topic]
    plain_old = [s for s in stories[:recent_cut] if not s.has_topic]
    plain = MIX_SIZE - MIX_WITH_TOPIC
    chosen = (
        rng.sample(topical, MIX_WITH_TOPIC)
        + rng.sample(plain_recent, plain - plain // 2)
        + rng.sample(plain_old, plain // 2)
    )
    rng.shuffle(chosen)
    return [reverse("public:article", args=[s.section_slug, s.pk, s.slug]) for s in chosen]


# Measuring ---------------------------------------------------------------------------------

WARTA_DIR = str(Path(__file__).resolve().parent.parent / "warta")
FROM_TABLE = re.compile(r'\bFROM\s+"?(\w+)"?', re.IGNORECASE)


def call_site(sql: str) -> str:
    """Name a query by the line of Warta that ran it and the table it reads."""
    site = "template"
    for frame in reversed(traceback.extract_stack()):
        if frame.filename.startswith(WARTA_DIR) and "/templatetags/" not in frame.filename:
            site = f"{os.path.relpath(frame.filename, WARTA_DIR)}:{frame.lineno} {frame.name}"
            break
    table = FROM_TABLE.search(sql)
    return f"{site} ({table.group(1) if table else '?'})"


@dataclass
class Call:
    label: str
    ms: float
    sql: str
    params: Any


@dataclass
class QueryRecorder:
    """A connection.execute_wrapper that times every query; used apart from the timed samples."""

    calls: list[Call] = field(default_factory=list)

    def __call__(self, execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = (time.perf_counter() - start) * 1000
            self.calls.append(Call(call_site(sql), elapsed, sql, params))


@dataclass
class PageRun:
    """One page at one size: timed samples, then a profiled pass for counts and query times."""

    times_ms: list[float] = field(default_factory=list)
    query_counts: list[int] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    queries: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    slowest: dict[str, Call] = field(default_factory=dict)
    plans: dict[str, str] = field(default_factory=dict)
    peak_kib: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.times_ms, n=20)[-1]


def render(client: Any, url: str) -> float:
    """Milliseconds for one full render: the cache is emptied first, outside the timing."""
    from django.core.cache import cache

    cache.clear()
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return elapsed


def measure_page(
    client: Any, urls: list[str], samples: int, warmup: int, progress: Progress, task: TaskID
) -> PageRun:
    """Time full renders of urls in turn, then count and time each request's queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run = PageRun()
    for index in range(warmup):
        render(client, urls[index % len(urls)])
        progress.advance(task)
    for index in range(samples):
        run.times_ms.append(render(client, urls[index % len(urls)]))
        progress.advance(task)
    recorder = QueryRecorder()
    for url in itertools.islice(itertools.cycle(urls), PROFILED_REQUESTS):
        recorder.calls.clear()
        with connection.execute_wrapper(recorder), CaptureQueriesContext(connection) as captured:
            render(client, url)
        run.query_counts.append(len(captured.captured_queries))
        run.sql_ms.append(sum(call.ms for call in recorder.calls))
        for call in recorder.calls:
            run.queries[call.label].append(call.ms)
            if call.label not in run.slowest or call.ms > run.slowest[call.label].ms:
                run.slowest[call.label] = call
        progress.advance(task)
    run.plans = {label: explain(call) for label, call in run.slowest.items()}
    return run


def explain(call: Call) -> str:
    """The plan of the slowest instance of a query, while its database still exists."""
    from django.db import connection

    if not call.sql.lstrip().upper().startswith(("SELECT", "WITH")):
        return "(not a single query: no plan)"
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {call.sql}", call.params)
            rows = cursor.fetchall()
        depth: dict[int, int] = {0: 0}
        lines = []
        for node, parent, _unused, detail in rows:
            depth[node] = depth.get(parent, 0) + 1
            lines.append(f"{'  ' * (depth[node] - 1)}{detail}")
        return "\n".join(lines)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {call.sql}", call.params)
        return "\n".join(row[0] for row in cursor.fetchall())


# Running and reporting ---------------------------------------------------------------------


@dataclass
class SizeRun:
    size: int
    fill_seconds: float
    pages: dict[str, PageRun]
    index_seconds: float
    database_bytes: int


def run_size(size: int, db: str, data_dir: Path, samples: int, *, search: bool) -> SizeRun:
    """Build the archive for one size and measure both pages on it."""
    from django.test import Client

    rng = random.Random(size)
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console) as progress:
        reset_database(db, data_dir)
        filling = progress.add_task(f"{size:,} articles: filling", total=size)
        started = time.perf_counter()
        stories = fill(size, rng, lambda count: progress.advance(filling, count))
        analyze(db)
        fill_seconds = time.perf_counter() - started
        mix = pick_mix(stories, rng)
        # The benchmark's own list of 100,000 stories would slow every garbage collection
        # during the timed requests; a server holds no such list.
        del stories
        gc.collect()
        started = time.perf_counter()
        if search:
            indexing = progress.add_task(f"{size:,} articles: search index", total=size)
            index_search(lambda count: progress.advance(indexing, count))
        index_seconds = time.perf_counter() - started
        client = Client()
        pages = {}
        for name, urls, warmup in page_list(mix, search=search):
            total = warmup + samples + PROFILED_REQUESTS
            task = progress.add_task(f"{size:,} articles: {name} page", total=total)
            pages[name] = measure_page(client, urls, samples, warmup, progress, task)
            pages[name].peak_kib = peak_memory(client, urls[0])
    return SizeRun(size, fill_seconds, pages, index_seconds, database_bytes(db, data_dir))


def page_list(mix: list[str], *, search: bool) -> list[tuple[str, list[str], int]]:
    """Each reader page measured, its addresses and its warm-up requests: the article mix,
    home, the three busiest sections, the five most used tags, searches, the feed and the
    sitemaps (whose memory must not grow with the archive)."""
    from django.urls import reverse

    from warta.news.models import Section, Tag

    sections = [
        reverse("public:section", args=[section.slug])
        for section in Section.objects.filter(parent=None).order_by("order")[:3]
    ]
    # The tags made heaviest on purpose (create_cast): the first few created.
    tags = [reverse("public:tag", args=[tag.slug]) for tag in Tag.objects.order_by("pk")[:5]]
    searches = [f"{reverse('public:search')}?q={words}" for words in SEARCHES]
    pages = [
        ("article", mix, len(mix)),
        ("home", ["/"], HOME_WARMUP),
        ("section", sections, len(sections)),
        ("tag", tags, len(tags)),
        ("search", searches, len(searches)),
        ("feed", [reverse("seo:feed")], 5),
        ("news sitemap", [reverse("seo:news_sitemap")], 5),
        ("sitemap index", [reverse("seo:sitemap")], 5),
        ("tags sitemap", [reverse("seo:sitemap_section", args=["tags"])], 2),
        ("people sitemap", [reverse("seo:sitemap_section", args=["people"])], 2),
    ]
    return [page for page in pages if search or page[0] != "search"]


SEARCHES = ("harga beras", "banjir jakarta", "subsidi bbm", "timnas", "kereta cepat")


def index_search(advance: Callable[[int], None]) -> None:
    """The search index, built as `warta search rebuild` builds it (bulk inserts bypass it)."""
    from django.db import connection

    from warta.search.index import rebuild

    rebuild(progress=advance)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load


def peak_memory(client: Any, url: str) -> float:
    """Peak Python memory of one full render, in KiB (tracemalloc, outside the timed ones)."""
    import tracemalloc

    from django.core.cache import cache

    cache.clear()
    tracemalloc.start()
    try:
        client.get(url)
        return tracemalloc.get_traced_memory()[1] / 1024
    finally:
        tracemalloc.stop()


def database_bytes(db: str, data_dir: Path) -> int:
    from django.db import connection

    if db == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
    connection.close()
    return sum(path.stat().st_size for path in data_dir.glob("bench.sqlite3*") if path.is_file())


def _ratio(large: float, small: float) -> float:
    return large / small if small else float("inf")


def _verdict(ratio: float) -> str:
    return "[green]ok[/]" if ratio <= TARGET_RATIO else "[red]over[/]"


def report(runs: list[SizeRun], db: str) -> None:
    """The tables: timings per size, ratios against the smallest size, and queries that grow."""
    first, last = runs[0], runs[-1]
    span = f"{last.size:,}/{first.size:,}"
    console.print()
    console.print(f"[bold]Database[/]: {db_description(db)}")
    console.print(f"[bold]Cache[/]: {CACHE_NOTE}")
    # Timings are wall-clock: a busy machine inflates them unevenly across sizes.
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    console.print(f"[bold]Machine[/]: {os.cpu_count()} CPUs, load average {load} (1, 5, 15 min)")

    timings = Table(title="Render time per page (django.test.Client, ms)")
    columns = ("page", "articles", "median", "p95", "queries", "SQL ms (median)", "peak KiB")
    for column in columns:
        timings.add_column(column, justify="left" if column == "page" else "right")
    names = list(first.pages)
    for name in names:
        for run in runs:
            page = run.pages[name]
            counts = sorted(set(page.query_counts))
            timings.add_row(
                name,
                f"{run.size:,}",
                f"{page.median:.2f}",
                f"{page.p95:.2f}",
                f"{counts[0]}–{counts[-1]}" if len(counts) > 1 else str(counts[0]),
                f"{statistics.median(page.sql_ms):.2f}",
                f"{page.peak_kib:,.0f}",
            )
    console.print(timings)
    for run in runs:
        console.print(
            f"{run.size:,} articles: filled in {run.fill_seconds:.0f} s, search index built in "
            f"{run.index_seconds:.0f} s; database {run.database_bytes / 1e6:,.0f} MB, "
            f"{run.database_bytes / run.size / 1024:.1f} KiB per article"
        )

    if len(runs) > 1:
        ratios = Table(title=f"Ratio {span} articles (target ≤ {TARGET_RATIO})")
        for column in ("page", "median", "p95", "SQL ms", "query count", "peak memory"):
            ratios.add_column(column, justify="left" if column == "page" else "right")
        for name in names:
            a, b = first.pages[name], last.pages[name]
            same_count = {*a.query_counts} == {*b.query_counts}
            median, p95 = _ratio(b.median, a.median), _ratio(b.p95, a.p95)
            ratios.add_row(
                name,
                f"{median:.2f} {_verdict(median)}",
                f"{p95:.2f} {_verdict(p95)}",
                f"{_ratio(statistics.median(b.sql_ms), statistics.median(a.sql_ms)):.2f}",
                "[green]constant[/]" if same_count else "[red]changes with N[/]",
                f"{_ratio(b.peak_kib, a.peak_kib):.2f}",
            )
        console.print(ratios)

    for name in names:
        _report_queries(name, runs)


def _report_queries(name: str, runs: list[SizeRun]) -> None:
    first, last = runs[0], runs[-1]
    labels = sorted({label for run in runs for label in run.pages[name].queries})
    table = Table(title=f"{name} page: median ms per query (profiled pass)")
    table.add_column("query (Warta line, table)")
    for run in runs:
        table.add_column(f"{run.size:,}", justify="right")
    table.add_column("ratio", justify="right")
    growing = []
    for label in labels:
        medians = [
            statistics.median(run.pages[name].queries[label])
            if run.pages[name].queries.get(label)
            else None
            for run in runs
        ]
        cells = [f"{m:.3f}" if m is not None else "–" for m in medians]
        ratio_cell = ""
        if medians[0] and medians[-1] is not None:
            ratio = medians[-1] / medians[0]
            grows = ratio > TARGET_RATIO and medians[-1] - medians[0] >= GROWTH_FLOOR_MS
            ratio_cell = f"[red]{ratio:.2f}[/]" if grows else f"{ratio:.2f}"
            if grows and len(runs) > 1:
                growing.append(label)
        table.add_row(label, *cells, ratio_cell)
    console.print(table)
    for label in growing:
        call = last.pages[name].slowest[label]
        console.print(f"[bold red]Grows with N[/] ({name} page): {label}")
        console.print(f"  SQL: {call.sql % _quoted(call.params)}", soft_wrap=True, markup=False)
        for run in (last, first):
            plan = _indent(run.pages[name].plans[label])
            console.print(f"  plan at {run.size:,} articles:\n{plan}", soft_wrap=True, markup=False)


def _quoted(params: Sequence[Any] | None) -> tuple[str, ...]:
    """Parameters as SQL literals, so the printed query can be pasted into a database shell."""
    return tuple(f"'{p}'" if isinstance(p, str | datetime) else str(p) for p in params or ())


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def db_description(db: str) -> str:
    from django.db import connection

    if db == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]} ({PG_URL})"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version} (temporary file, WAL)"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=lambda text: sorted(int(part.replace("_", "")) for part in text.split(",")),
        default=list(DEFAULT_SIZES),
        help="comma-separated article counts; the smallest is the baseline (default: %(default)s)",
    )
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--samples", type=int, default=200, help="timed requests per page and size")
    parser.add_argument(
        "--no-search",
        action="store_true",
        help="skip the search index and page (building the index takes about 35 minutes "
        "at 1,000,000 articles on two cores)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help=f"with --db postgres: leave the largest archive behind (the {PG_NAME} database) "
        "for further study; drop it when done",
    )
    args = parser.parse_args(argv)
    if args.keep and args.db != "postgres":
        parser.error("--keep needs --db postgres (the SQLite archive lives in a temporary folder)")
    if min(args.sizes) < 2 * MIX_SIZE:
        parser.error(f"sizes must be at least {2 * MIX_SIZE}")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="warta-bench-") as folder:
        data_dir = Path(folder)
        setup_django(args.db, data_dir)
        runs = []
        try:
            for size in args.sizes:
                runs.append(
                    run_size(size, args.db, data_dir, args.samples, search=not args.no_search)
                )
            report(runs, args.db)
        finally:
            if not args.keep:
                drop_database(args.db)


if __name__ == "__main__":
    main()
