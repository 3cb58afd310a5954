from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from warta.news.models import Article
from warta.search import index


class Command(BaseCommand):
    help = "The search index. 'warta search rebuild' indexes every article again, from nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser(
            "rebuild",
            help="index every article again; searches use the old index until it is done",
        )

    def handle(self, *args: object, action: str, **options: object) -> None:
        console = Console()
        with Progress(
            TextColumn("Indexing articles"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            task = progress.add_task("articles", total=Article.objects.count())
            total = index.rebuild(progress=lambda count: progress.advance(task, count))
        console.print(f"{total} articles indexed.")
