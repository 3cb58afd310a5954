from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from warta import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'warta backup': every file's SHA-256 is checked first, then "
        "the database and the media are put back and the counts compared. Run 'warta migrate' "
        "afterwards when the backup is from an older Warta."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="the backup folder (warta-backup-...)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that already holds articles",
        )

    def handle(self, *args: object, folder: str, force: bool, **options: object) -> None:
        try:
            counts = backup.restore(Path(folder), force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {counts['articles']} articles, {counts['revisions']} revisions and "
            f"{counts['photos']} photos from {folder}"
        )
