import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from warta.demo import accounts, loader
from warta.public.management.commands.serve import parse_addr


class Command(BaseCommand):
    help = (
        "Create the data folder, migrate, load the demo newsroom (sections, people, staff, "
        "articles with photos) and serve it. Safe to run again: nothing is duplicated or destroyed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--addr",
            default="127.0.0.1:8000",
            help="HOST:PORT to serve on (default 127.0.0.1:8000)",
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="load the demo newsroom, then stop"
        )

    def handle(self, *args: object, addr: str, no_serve: bool, **options: object) -> None:
        parse_addr(addr)
        console = Console()
        console.print("[bold]Preparing the database…[/bold]")
        call_command("migrate", interactive=False, verbosity=0)
        loader.load_newsroom()
        loader.load_wires()
        entries = list(loader.article_entries())
        with Progress(
            TextColumn("Demo articles"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as progress:
            task = progress.add_task("articles", total=len(entries))
            report = loader.load_articles(progress=lambda _headline: progress.advance(task))
        console.print(f"{report.created} articles created, {report.skipped} already there.")
        table = Table(title="Demo staff accounts (desk at /desk/, admin at /admin/)")
        for column in ("username", "role", "password"):
            table.add_column(column)
        for row in accounts.ensure_accounts():
            table.add_row(*row)
        console.print(table)
        loader.load_plan()  # assigned to the staff accounts, so after them
        if not no_serve:
            # The worker publishes scheduled stories and cuts renditions of uploads; the demo
            # runs it beside the server so the whole newsroom works from one command.
            worker = subprocess.Popen([sys.executable, "-m", "warta", "worker"])  # noqa: S603
            try:
                call_command("serve", addr=addr)
            finally:
                worker.terminate()
                worker.wait(timeout=10)
