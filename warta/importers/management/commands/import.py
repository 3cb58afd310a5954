"""`warta import wordpress FILE.xml`: bring another system's content into the newsroom."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from warta.importers.media import MediaSource
from warta.importers.page import PageError, import_page
from warta.importers.wordpress import WordPressImport, default_report_path
from warta.news.models import Section


class Command(BaseCommand):
    help = (
        "Import content: 'warta import wordpress FILE.xml' brings a WordPress export in; "
        "'warta import page URL --section SLUG' makes a draft of one article page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sources = parser.add_subparsers(dest="source", required=True, metavar="SOURCE")
        wordpress = sources.add_parser(
            "wordpress",
            help="a WordPress export (Tools → Export, WXR 1.1 or 1.2)",
            description=(
                "Import a WordPress export: posts become articles (published, scheduled or "
                "draft as they were), categories sections, tags tags, authors bylines, "
                "attachments library photos, and old addresses redirect here. Running it again "
                "updates what changed at the source and adds nothing twice."
            ),
        )
        wordpress.add_argument("file", type=Path, help="the export's XML file")
        wordpress.add_argument(
            "--media-dir",
            type=Path,
            help="a copy of the old site's wp-content/uploads folder, where the photos are read",
        )
        wordpress.add_argument(
            "--fetch-media",
            action="store_true",
            help="fetch photos from their URLs (public addresses only) when not in --media-dir",
        )
        wordpress.add_argument(
            "--accounts",
            action="store_true",
            help="make a penulis account (without a password) for each author, not only a byline",
        )
        wordpress.add_argument(
            "--dry-run", action="store_true", help="report what would happen; save nothing"
        )
        wordpress.add_argument(
            "--section",
            default="Arsip",
            help="the section for posts without a category (default: Arsip)",
        )
        wordpress.add_argument(
            "--credit",
            default="",
            help="photo credit when WordPress has none (default: the site's name)",
        )
        wordpress.add_argument(
            "--as", dest="username", help="the staff account the audit log names (default: sistem)"
        )
        wordpress.add_argument(
            "--report",
            type=Path,
            help="where to write the report (default: the data folder's imports/)",
        )

        page = sources.add_parser(
            "page",
            help="one article page from a site without an export, as a draft",
            description=(
                "Fetch one article page (or read a saved HTML file), find its headline, text, "
                "byline and lead photo, and make a draft credited to its source. Importing the "
                "same address again gives back the same draft."
            ),
        )
        page.add_argument(
            "page_source", metavar="URL_OR_FILE", help="the page's address, or an HTML file"
        )
        page.add_argument("--section", required=True, help="the slug of the draft's section")
        page.add_argument("--as", dest="username", help="the staff account the draft is made by")

    def handle(self, *args: object, source: str, **options: Any) -> None:
        if source == "page":
            self.page(**options)
        else:
            self.wordpress(**options)

    def page(self, *, page_source: str, section: str, **options: Any) -> None:
        chosen = Section.objects.filter(slug=section).first()
        if chosen is None:
            raise CommandError(f"{section}: no such section (give its slug)")
        try:
            article, outcome = import_page(page_source, by=self._by(options), section=chosen)
        except PageError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{outcome}: draft #{article.pk} “{article.headline}”")

    def _by(self, options: dict[str, Any]) -> Any:
        if not options.get("username"):
            return None
        by = get_user_model().objects.filter(username=options["username"]).first()
        if by is None:
            raise CommandError(f"{options['username']}: no such account")
        return by

    def wordpress(self, *, file: Path, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        if options["media_dir"] is not None and not options["media_dir"].is_dir():
            raise CommandError(f"{options['media_dir']}: no such folder")
        by = self._by(options)
        console = Console(stderr=True)
        with Progress(
            TextColumn("[bold]WordPress[/] {task.description}"),
            BarColumn(),
            DownloadColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not console.is_terminal,
        ) as progress:
            task = progress.add_task(file.name, total=1)
            run = WordPressImport(
                file,
                by=by,
                media=MediaSource(options["media_dir"], options["fetch_media"]),
                accounts=options["accounts"],
                dry_run=options["dry_run"],
                default_section=options["section"],
                credit=options["credit"],
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
            report = run.run()
        path = options["report"] or default_report_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(report.as_text(), encoding="utf-8")
        table = Table(
            title="WordPress import" + (" (dry run, nothing saved)" if report.dry_run else "")
        )
        table.add_column("what")
        table.add_column("count", justify="right")
        for name, number in sorted(report.counts.items()):
            table.add_row(name, str(number))
        for kind, number in sorted(report.other_types.items()):
            table.add_row(f"not imported: {kind}", str(number))
        Console().print(table)
        self.stdout.write(f"Report: {path}")
        if report.error:
            raise CommandError(report.error)
