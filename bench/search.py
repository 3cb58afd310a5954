"""Search at newsroom scale: index build time, index size and query latency, on each backend.

Builds a fresh database per backend with --size synthetic Indonesian articles (sentences from a
word-pair model of the demo newsroom's own text, with made-up names of people and places so the
vocabulary grows as a real archive's does), indexes them with the code `warta search rebuild`
runs, then times 20 mixed reader queries (single words, phrases, several words, filters,
misspellings, synonyms, exclusions, newest first): each sample is the search, its page of 20
hits with snippets, and the spelling suggestion, as the reader page asks for them.

    .venv/bin/python bench/search.py                        # 100k, SQLite then PostgreSQL
    .venv/bin/python bench/search.py --size 10000 --db sqlite

Each backend runs in its own process (Django binds its database at start-up); the parent
prints both side by side. The PostgreSQL database is warta_bench_search, dropped afterwards
unless --keep is given (to EXPLAIN a query against it); --keep also leaves the SQLite file in
var/bench/.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
PG_NAME = "warta_bench_search"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
TARGET_P95_MS = 50.0
BATCH = 2_000
SPAN = timedelta(days=730)
ROUNDS = 10  # timed runs of each query, after one untimed
SYNC_SAMPLES = 200
console = Console(width=None if sys.stdout.isatty() else 120)

# (label, query text, filters): filters name a section, a tag, the first writer, or a date
# range relative to the newest article.
QUERIES = [
    ("one common word", "pemerintah", {}),
    ("one rarer word", "hilirisasi", {}),
    ("word forms", "pembebasan", {}),
    ("two words", "banjir jakarta", {}),
    ("two words, newest", "harga beras", {"order": "newest"}),
    ("three words", "subsidi bahan bakar", {}),
    ("four words", "pemain muda liga musim", {}),
    ("phrase", '"korea utara"', {}),
    ("phrase with stop word", '"warga yang mengungsi"', {}),
    ("phrase and word", '"tanggap darurat" pengungsi', {}),
    ("exclusion", "banjir -bekasi", {}),
    ("synonym", "korut", {}),
    ("synonym, region", "jabodetabek", {}),
    ("misspelling", "pembebsan sandra", {}),
    ("misspelling, rare", "hilirisasi nikl", {}),
    ("section filter", "warga", {"section": "nasional"}),
    ("tag filter", "pasar", {"tag": True}),
    ("writer filter", "festival", {"writer": True}),
    ("date range", "kebijakan", {"days": 30}),
    ("long query", "warga kampung melayu mengungsi setelah air ciliwung naik di jakarta", {}),
]


# Synthetic Indonesian text ----------------------------------------------------------------

WORD = re.compile(r"[\w'’.-]+|[,.;:]")
SYLLABLES = (
    "ba bu di ka ko la ma mi na ni pa pu ra ri sa su ta ti wa ya jo go se de an ar in un "
    "ha hen ger lang ran san tar wi dan"
).split()


def demo_text() -> list[str]:
    """The demo newsroom's sentences, markup removed."""
    sentences = []
    for path in sorted((ROOT / "warta/demo/content").glob("*.toml")):
        if path.name == "newsroom.toml":
            continue
        for entry in tomllib.loads(path.read_text()).get("article", []):
            text = " ".join([entry["headline"] + ".", entry["summary"], entry["body"]])
            text = re.sub(r"<[^>]+>", " ", text)
            sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 20]
    return sentences


class Prose:
    """Sentences from a word-pair model of the demo text, with invented names mixed in."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        following: dict[str, list[str]] = defaultdict(list)
        starts = []
        for sentence in demo_text():
            words = WORD.findall(sentence)
            if len(words) < 4:
                continue
            starts.append(words[0])
            for one, two in zip(words, words[1:], strict=False):
                following[one].append(two)
        self.following = following
        self.starts = starts
        self.pool = [self._sentence() for _ in range(30_000)]
        self.names = [self._name() for _ in range(60_000)]

    def _name(self) -> str:
        pick = self.rng.choice
        return "".join(pick(SYLLABLES) for _ in range(self.rng.randint(2, 4))).capitalize()

    def _sentence(self) -> str:
        word = self.rng.choice(self.starts)
        words = [word]
        while len(words) < 40:
            options = self.following.get(word)
            if not options:
                break
            word = self.rng.choice(options)
            words.append(word)
            if word == "." and len(words) > 6:
                break
        text = " ".join(words).replace(" ,", ",").replace(" .", ".")
        return text if text.endswith(".") else text + "."

    def sentence(self) -> str:
        """A pooled sentence, often with a name nobody else uses (a person, a village)."""
        text = self.rng.choice(self.pool)
        if self.rng.random() < 0.4:
            name = self.names[int(self.rng.paretovariate(1.2)) % len(self.names)]
            text = f"{text[:-1]} di {name}."
        return text

    def headline(self) -> str:
        words = self.sentence().rstrip(".").split()[: self.rng.randint(7, 12)]
        return " ".join(word[:1].upper() + word[1:] for word in words)[:200]

    def body(self) -> str:
        paragraphs = [
            " ".join(self.sentence() for _ in range(self.rng.randint(2, 4))) for _ in range(6)
        ]
        parts = [f"<p>{text}</p>" for text in paragraphs]
        parts.insert(3, f"<h2>{self.headline()[:60]}</h2>")
        return "".join(parts)


# One backend, in its own process --------------------------------------------------------


def setup_django(db: str, data_dir: Path) -> None:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "warta.settings"
    os.environ["WARTA_DATA_DIR"] = str(data_dir)
    os.environ["WARTA_DATABASE_URL"] = (
        PG_URL if db == "postgres" else f"sqlite:///{data_dir / 'bench.sqlite3'}"
    )
    for name in ("WARTA_REDIS_URL", "WARTA_DEBUG", "WARTA_MEDIA_ROOT"):
        os.environ.pop(name, None)
    os.environ.setdefault("WARTA_LOG_LEVEL", "WARNING")
    if db == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {PG_NAME}")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def fill(size: int, rng: random.Random, progress: Progress) -> dict:
    """size published articles over two years; returns what the filtered queries need."""
    from django.db import transaction
    from django.utils import timezone

    from warta.demo.loader import newsroom
    from warta.lib.slugs import make_slug
    from warta.news.models import Article, ArticleWriter, Person, Section, Tag

    prose = Prose(rng)
    now = timezone.now().replace(microsecond=0)
    task = progress.add_task(f"{size:,} articles: writing", total=size)
    with transaction.atomic():
        sections = []
        for order, item in enumerate(newsroom()["section"], start=1):
            sections.append(
                Section.objects.create(
                    slug=item["slug"],
                    name=item["name"],
                    parent=next((s for s in sections if s.slug == item.get("parent")), None),
                    order=order,
                )
            )
        writers = Person.objects.bulk_create(
            Person(name=f"Penulis {n}", slug=f"penulis-{n}", roles=["penulis"]) for n in range(20)
        )
        tags = Tag.objects.bulk_create(
            Tag(name=f"{word.title()} {n}", slug=f"{make_slug(word)}-{n}")
            for n, word in enumerate(rng.sample(sorted(prose.following), 300))
            if make_slug(word)
        )
        for start in range(0, size, BATCH):
            articles = []
            for index in range(start, min(start + BATCH, size)):
                headline = prose.headline()
                published = now - SPAN * (1 - index / size)
                articles.append(
                    Article(
                        headline=headline,
                        slug=make_slug(headline)[:100] or "berita",
                        summary=" ".join(prose.sentence() for _ in range(2))[:400],
                        body=prose.body(),
                        section=rng.choice(sections),
                        status=Article.Status.PUBLISHED,
                        published_at=published,
                        updated_at=published,
                    )
                )
            Article.objects.bulk_create(articles)
            Article.tags.through.objects.bulk_create(
                Article.tags.through(article_id=article.pk, tag_id=tag.pk)
                for article in articles
                for tag in rng.sample(tags, 3)
            )
            ArticleWriter.objects.bulk_create(
                ArticleWriter(article_id=article.pk, person_id=rng.choice(writers).pk)
                for article in articles
            )
            progress.advance(task, len(articles))
    busiest_tag = max(tags, key=lambda tag: tag.articles.count())
    return {"tag": busiest_tag, "writer": writers[0], "newest": now.date()}


def build(size: int, progress: Progress) -> dict:
    from django.db import connection, transaction

    from warta.news.models import Article
    from warta.search.backends import get_backend
    from warta.search.index import rebuild, sync_article

    # The baseline, in the same run: the whole rebuild in this one process.
    alone = progress.add_task(f"{size:,} articles: indexing in one process", total=size)
    started = time.perf_counter()
    rebuild(progress=lambda count: progress.advance(alone, count), workers=0)
    one_process = time.perf_counter() - started
    task = progress.add_task(f"{size:,} articles: indexing", total=size)
    started = time.perf_counter()
    rebuild(progress=lambda count: progress.advance(task, count))
    seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The size of one index, not of the two rebuilds' rows (the first one's are dead).
            cursor.execute("VACUUM (FULL) search_vectors, search_document")
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load
    size_bytes = get_backend().size()
    # The cost a publishing action pays: one article, indexed again inside its transaction.
    sample = list(Article.objects.order_by("?")[:SYNC_SAMPLES])
    timings = []
    for article in sample:
        with transaction.atomic():
            start = time.perf_counter()
            sync_article(article)
            timings.append((time.perf_counter() - start) * 1000)
    return {
        "build_s": seconds,
        "build_one_s": one_process,
        "index_mb": size_bytes / 1e6,
        "sync_ms": statistics.median(timings),
    }


def measure(context: dict, progress: Progress) -> dict:
    from warta.news.models import Section
    from warta.search.query import search

    task = progress.add_task("queries", total=len(QUERIES) * (ROUNDS + 1))
    per_query = {}
    samples = []
    for label, text, spec in QUERIES:
        options = {}
        if "section" in spec:
            options["section"] = Section.objects.get(slug=spec["section"])
        if spec.get("tag"):
            options["tag"] = context["tag"]
        if spec.get("writer"):
            options["writer"] = context["writer"]
        if "days" in spec:
            options["since"] = context["newest"] - timedelta(days=spec["days"])
            options["until"] = context["newest"]
        if "order" in spec:
            options["order"] = spec["order"]
        times = []
        count = 0
        for round_ in range(ROUNDS + 1):
            start = time.perf_counter()
            results = search(text, **options)
            page = results.page(1, 20)
            _suggestion = results.suggestion
            elapsed = (time.perf_counter() - start) * 1000
            count = page.paginator.count
            if round_:
                times.append(elapsed)
            progress.advance(task)
        samples += times
        per_query[label] = {"text": text, "median_ms": statistics.median(times), "hits": count}
    quantiles = statistics.quantiles(samples, n=20)
    return {"p50_ms": statistics.median(samples), "p95_ms": quantiles[-1], "queries": per_query}


def child(db: str, size: int, out: Path, *, keep: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = ROOT / "var" / "bench" if keep else Path(folder)
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / "bench.sqlite3").unlink(missing_ok=True)
        setup_django(db, data_dir)
        from django.db import connection

        rng = random.Random(size)
        columns = (
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        try:
            with Progress(*columns, console=console) as progress:
                context = fill(size, rng, progress)
                figures = build(size, progress)
                figures.update(measure(context, progress))
            figures["vendor"] = connection.vendor
            out.write_text(json.dumps(figures))
        finally:
            connection.close()
            if db == "postgres" and not keep:
                import psycopg

                with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
                    admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")


def report(size: int, runs: dict[str, dict]) -> None:
    summary = Table(title=f"Search at {size:,} articles")
    summary.add_column("")
    for db in runs:
        summary.add_column(db, justify="right")
    rows = [
        ("index build", "build_s", "{:.1f} s"),
        ("index build, analysis in this process only", "build_one_s", "{:.1f} s"),
        ("index size", "index_mb", "{:.0f} MB"),
        ("one article re-indexed (median)", "sync_ms", "{:.1f} ms"),
        ("query p50", "p50_ms", "{:.1f} ms"),
        ("query p95", "p95_ms", "{:.1f} ms"),
    ]
    for label, key, fmt in rows:
        summary.add_row(label, *(fmt.format(run[key]) for run in runs.values()))
    console.print(summary)
    detail = Table(title="Median per query (ms) and hits")
    detail.add_column("query")
    for db in runs:
        detail.add_column(db, justify="right")
    for label, text, _spec in QUERIES:
        cells = []
        for run in runs.values():
            figure = run["queries"][label]
            cells.append(f"{figure['median_ms']:.1f}  ({figure['hits']:,})")
        detail.add_row(f"{label}: {text}", *cells)
    console.print(detail)
    for db, run in runs.items():
        console.print(
            f"{db}: the rebuild takes {run['build_s'] / run['build_one_s']:.2f} of its time "
            "with the analysis in this process only"
        )
        verdict = "within" if run["p95_ms"] <= TARGET_P95_MS else "ABOVE"
        console.print(f"{db}: p95 {run['p95_ms']:.1f} ms, {verdict} the {TARGET_P95_MS:.0f} ms aim")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--keep", action="store_true", help="keep the database afterwards, to EXPLAIN queries"
    )
    parser.add_argument("--child-output", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child_output:
        child(options.db, options.size, options.child_output, keep=options.keep)
        return
    runs = {}
    for db in ["sqlite", "postgres"] if options.db == "both" else [options.db]:
        console.print(f"[bold]{db}[/bold]")
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run(  # noqa: S603
                [
                    sys.executable,
                    __file__,
                    "--db",
                    db,
                    "--size",
                    str(options.size),
                    *(["--keep"] if options.keep else []),
                    "--child-output",
                    out.name,
                ],
                check=True,
                cwd=ROOT,
            )
            runs[db] = json.loads(Path(out.name).read_text())
    report(options.size, runs)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
