from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from warta.news.models import Article
from warta.search import index


class Command(BaseCommand):
    help = "The search index. 'warta search rebuild' indexes every article again, from nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        rebuild = actions.add_parser(
            "rebuild",
            help="index every article again; searches use the old index until it is done",
        )
        rebuild.add_argument(
            "--workers",
            type=int,
            default=index.default_workers(),
            help="processes analyzing articles while the database writes "
            f"(default {index.default_workers()}: the cores but one; 0 for none)",
        )

    def handle(self, *args: object, action: str, workers: int, **options: object) -> None:
        if workers < 0:
            raise CommandError("--workers must be 0 or more")
        console = Console()
        with Progress(
            TextColumn("Indexing articles"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            task = progress.add_task("articles", total=Article.objects.count())
            total = index.rebuild(
                progress=lambda count: progress.advance(task, count), workers=workers
            )
        console.print(f"{total} articles indexed.")
