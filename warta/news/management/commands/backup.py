from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from warta import backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite or PostgreSQL) and every media file into a new folder, "
        "with a manifest of SHA-256 hashes. Safe while Warta runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--to",
            default="backups",
            help="folder to write the backup into (default: ./backups)",
        )

    def handle(self, *args: object, to: str, **options: object) -> None:
        console = Console()
        try:
            with Progress(
                TextColumn("Copying media"), BarColumn(), MofNCompleteColumn(), console=console
            ) as bar:
                task = bar.add_task("media", total=backup.media_file_count())
                folder = backup.backup(Path(to), progress=lambda n: bar.advance(task, n))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {folder}")
