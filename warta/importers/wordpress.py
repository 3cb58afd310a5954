"""A WordPress site's archive into Warta: authors, categories, media and posts.

Two passes over the export, each a stream: the first brings the media library across (so the
second finds every featured image and inline photo, wherever it sits in the file), the second
the posts. Each record is its own transaction through news.actions: one bad post is reported
and skipped, and an interrupted run resumes where it stopped, since a second run adds nothing
twice (records are keyed on the site and their id there) and updates only what changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from warta.importers import wpbody
from warta.importers.media import MediaMissing, MediaSource
from warta.importers.wxr import Author, Category, Export, ExportError, Item
from warta.lib.html import clean_text
from warta.media.models import Image
from warta.news import actions, datelines
from warta.news.models import Origin, Person, Section

logger = logging.getLogger("warta.import")

# WordPress statuses, as Warta states; those not listed are skipped with their reason.
STATES = {"publish": "published", "future": "scheduled", "draft": "draft", "pending": "draft"}
SKIP_REASONS = {
    "private": "private post: readers never saw it",
    "trash": "in WordPress's trash",
    "auto-draft": "an empty automatic draft",
    "inherit": "a revision",
}
# Warta has no password on a story: what WordPress kept behind one is not opened to all.
LOCKED_POST = "password-protected in WordPress: imported as a draft, for the editors to decide"
LOCKED_PAGE = "password-protected in WordPress: not imported, readers needed a password"
# What a newsroom wrote for search engines, by the SEO plugin that kept it: (title, description).
SEO_FIELDS = (
    ("_yoast_wpseo_title", "_yoast_wpseo_metadesc"),
    ("rank_math_title", "rank_math_description"),
)
# The category an SEO plugin kept as the post's primary one, by term id.
PRIMARY_CATEGORY = ("_yoast_wpseo_primary_category", "rank_math_primary_category")
# A plugin's template ("%%title%% %%sep%% %%sitename%%", "%title% %sep%"), not a text.
_SEO_TEMPLATE = re.compile(r"%%?[a-z_]+%%?")
# Size suffixes WordPress adds to resized copies: canola2-300x200.jpg is canola2.jpg.
_SIZED = re.compile(r"-\d+x\d+(?=\.\w+$)")
_IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "jpe", "png", "webp", "avif", "gif", "tif", "tiff"})
_CREDIT = re.compile(r's:6:"credit";s:\d+:"([^"]*)"')


@dataclass
class Line:
    kind: str
    remote_id: str
    title: str
    outcome: str
    reason: str = ""


@dataclass
class Report:
    dry_run: bool = False
    counts: Counter[str] = field(default_factory=Counter)
    lines: list[Line] = field(default_factory=list)
    other_types: Counter[str] = field(default_factory=Counter)
    error: str = ""

    def add(self, kind: str, remote_id: object, title: str, outcome: str, reason: str = "") -> None:
        self.counts[f"{kind} {outcome}"] += 1
        if reason or outcome not in ("created", "unchanged", "updated"):
            self.lines.append(Line(kind, str(remote_id), title[:120], outcome, reason))

    def count(self, kind: str, outcome: str) -> int:
        return self.counts[f"{kind} {outcome}"]

    def as_text(self) -> str:
        head = [
            "Warta: WordPress import" + (" (dry run: nothing was saved)" if self.dry_run else "")
        ]
        head += [f"{name}: {number}" for name, number in sorted(self.counts.items())]
        head += [
            f"not imported, {kind}: {number}" for kind, number in sorted(self.other_types.items())
        ]
        if self.error:
            head.append(f"stopped: {self.error}")
        rows = [
            "\t".join((line.kind, line.remote_id, line.outcome, line.title, line.reason))
            for line in self.lines
        ]
        return "\n".join([*head, "", "kind\tid\toutcome\ttitle\treason", *rows]) + "\n"


def _digest(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _path_of(link: str) -> str:
    parts = urlsplit(link)
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


class _DryRun(Exception):
    """Raised to roll the whole dry run back."""


class WordPressImport:
    def __init__(
        self,
        path: Path,
        *,
        by: Any = None,
        media: MediaSource | None = None,
        accounts: bool = False,
        dry_run: bool = False,
        default_section: str = "Arsip",
        credit: str = "",
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.export = Export(path)
        self.by = by
        self.media = media or MediaSource()
        self.accounts = accounts
        self.dry_run = dry_run
        self.default_section = default_section
        self.credit = credit
        self.progress = progress or (lambda done, total: None)
        self.report = Report(dry_run=dry_run)
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.authors: dict[str, Author] = {}
        self.categories: dict[str, Category] = {}
        self.people: dict[str, Person] = {}
        self.sections: dict[str, Section] = {}
        self.photos_seen: dict[int, Image | None] = {}

    @property
    def source(self) -> str:
        return self.export.site.key

    def run(self) -> Report:
        try:
            if self.dry_run:
                try:
                    with transaction.atomic():
                        self._passes()
                        raise _DryRun
                except _DryRun:
                    pass
            else:
                self._passes()
        except ExportError as error:
            self.report.error = str(error)
        return self.report

    def _passes(self) -> None:
        total = self.export.size * 2
        for record in self.export:
            if isinstance(record, Author):
                self.authors[record.login] = record
            elif isinstance(record, Category):
                self.categories[record.nicename] = record
            elif record.post_type == "attachment":
                self._photo(record)
            self.progress(self.export.position, total)
        for record in self.export:
            if isinstance(record, Item) and record.post_type != "attachment":
                self._item(record)
            self.progress(self.export.size + self.export.position, total)
        self.progress(total, total)

    # --- Photos ------------------------------------------------------------------------------

    def _photo(self, item: Item) -> None:
        remote_id = item.key
        known = Origin.objects.filter(
            source=self.source, kind=Origin.Kind.PHOTO, remote_id=remote_id
        ).first()
        if known is not None:
            self.report.add("photo", item.key, item.title, "unchanged")
            return
        url = item.attachment_url or item.link
        extension = urlsplit(url).path.rsplit(".", 1)[-1].lower()
        if extension not in _IMAGE_EXTENSIONS:
            reason = f"not a photo (.{extension}): the library holds photos"
            self.report.add("photo", item.key, item.title, "skipped", reason)
            return
        try:
            data = self.media.open(url, item.meta.get("_wp_attached_file", ""))
        except MediaMissing as missing:
            self.report.add("photo", item.key, item.title, "missing", str(missing))
            return
        if self.dry_run:
            self.report.add("photo", item.key, item.title, "created")
            return
        caption = item.excerpt or item.title or item.name
        credit_found = _CREDIT.search(item.meta.get("_wp_attachment_metadata", ""))
        credit = (
            (credit_found.group(1) if credit_found else "") or self.credit or self.export.site.title
        )
        try:
            actions.import_photo(
                data,
                source=self.source,
                remote_id=remote_id,
                url=_SIZED.sub("", url),
                by=self.by,
                caption=_plain(caption)[:300] or "Foto",
                credit=_plain(credit)[:120],
                alt_text=_plain(item.meta.get("_wp_attachment_image_alt") or caption)[:250],
                usage_note=f"Impor dari {self.export.site.title or self.source}"[:250],
            )
        except ValidationError as error:
            self.report.add("photo", item.key, item.title, "refused", " ".join(error.messages))
            return
        self.report.add("photo", item.key, item.title, "created")

    def find_photo(self, attachment_id: int | None, src: str) -> Image | None:
        """The library photo an export's image stands for: by attachment id, else by address
        (a resized copy counts as the original); with --fetch-media, an image from elsewhere
        is brought in on first sight."""
        origins = Origin.objects.filter(source=self.source, kind=Origin.Kind.PHOTO)
        origin = None
        if attachment_id is not None:
            origin = origins.filter(remote_id=str(attachment_id)).first()
        if origin is None and src:
            origin = origins.filter(url=_SIZED.sub("", src.split("?")[0])[:500]).first()
        if origin is not None:
            return Image.objects.filter(pk=origin.object_id).first()
        if not (self.media.fetch_remote and src.startswith(("http://", "https://"))):
            return None
        return self._photo_by_url(src)

    def _photo_by_url(self, src: str) -> Image | None:
        try:
            data = self.media.open(src)
        except MediaMissing:
            return None
        if self.dry_run:
            return None
        name = unquote(urlsplit(src).path.rsplit("/", 1)[-1])
        try:
            return actions.import_photo(
                data,
                source=self.source,
                remote_id=f"url:{src}"[:200],
                url=src,
                by=self.by,
                caption=name[:300] or "Foto",
                credit=(self.credit or urlsplit(src).hostname or "")[:120],
                alt_text="",
            )
        except ValidationError:
            return None

    # --- Posts -------------------------------------------------------------------------------

    def _item(self, item: Item) -> None:
        if item.comments:
            self.report.other_types["comment"] += item.comments
        if item.post_type == "page" and item.status == "publish":
            if item.password:
                self.report.add("page", item.key, _plain(item.title), "skipped", LOCKED_PAGE)
                return
            self._page(item)
            return
        if item.post_type != "post":
            self.report.other_types[item.post_type] += 1
            return
        title = _plain(item.title)
        state = STATES.get(item.status)
        if state is None:
            reason = SKIP_REASONS.get(item.status, f"status “{item.status}”")
            self.report.add("article", item.key, title, "skipped", reason)
            return
        locked = bool(item.password) and state != "draft"
        try:
            self._post(item, title, "draft" if locked else state, LOCKED_POST if locked else "")
        except (ValueError, ValidationError, DatabaseError) as error:
            logger.warning("post %s not imported: %s", item.post_id, error)
            message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.report.add("article", item.key, title, "failed", message[:300])

    def _post(self, item: Item, title: str, state: str, note: str = "") -> None:
        at = item.published(self.zone)
        if state == "scheduled" and (at is None or at <= timezone.now()):
            state = "published"
        if state == "published" and at is None:
            at = timezone.now()
        body = wpbody.convert(item.content, self.find_photo)
        # A dateline typed at the head of the old text becomes the article's own.
        city, body.html = datelines.split_dateline(body.html)
        hero = self.find_photo(_number(item.meta.get("_thumbnail_id", "")), "")
        if hero is None and item.meta.get("_thumbnail_id"):
            body.missing.append(f"featured image {item.meta['_thumbnail_id']}")
        categories = self._primary_first(item)
        section = self._section(categories[0][0] if categories else "")
        tags = [name for _slug, name in categories[1:]] + item.tags()
        data = {
            "headline": title or f"Tanpa judul (WordPress #{item.post_id})",
            "slug": unquote(item.name),
            "summary": _plain(item.excerpt)[:400],
            "dateline_city": city[:60],
            **_seo(item),
            "body": body.html,
            "section": section.pk,
            "hero_image": hero.pk if hero is not None else None,
            "writers": [person.pk for person in [self._person(item.creator)] if person],
            "tags": tags,
        }
        digest = _digest(data, state, at)
        addresses = [f"/?p={item.post_id}"] if item.post_id else []
        if item.link and _path_of(item.link) not in ("/", *addresses):
            addresses.append(_path_of(item.link))
        article, outcome = actions.import_article(
            source=self.source,
            remote_id=item.key,
            digest=digest,
            data=data,
            state=state,
            at=at,
            addresses=addresses,
            link=item.link,
            by=self.by,
        )
        reasons = {
            "kept": "changed in Warta since the last import: left as the editors made it",
            "deleted": "deleted in Warta: not brought back",
        }
        self.report.add("article", item.key, title, outcome, reasons.get(outcome, note))
        for missing in body.missing:
            self.report.add("media", item.key, title, "missing", missing)
        if body.dropped:
            dropped = ", ".join(sorted(set(body.dropped)))
            self.report.add("body", item.key, title, "dropped", f"shortcodes: {dropped}")
        if body.reshaped:
            reshaped = ", ".join(dict.fromkeys(body.reshaped))
            self.report.add("body", item.key, title, "reshaped", f"as lines of text: {reshaped}")

    def _page(self, item: Item) -> None:
        """A published page becomes a static page, kept out of the footer until an admin
        puts it there."""
        title = _plain(item.title)[:120] or f"Halaman {item.post_id}"
        body = wpbody.convert(item.content, self.find_photo)
        # A dateline typed at the head of the old text becomes the article's own.
        city, body.html = datelines.split_dateline(body.html)
        slug = unquote(item.name)
        try:
            _page, outcome = actions.import_page(
                source=self.source,
                remote_id=item.key,
                digest=_digest(title, slug, body.html),
                title=title,
                slug=slug,
                body=body.html or "<p></p>",
                by=self.by,
            )
        except (ValueError, ValidationError, DatabaseError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.report.add("page", item.key, title, "failed", message[:300])
            return
        reason = "changed in Warta since the last import" if outcome == "kept" else ""
        self.report.add("page", item.key, title, outcome, reason)

    def _person(self, login: str) -> Person | None:
        if not login:
            return None
        if login not in self.people:
            author = self.authors.get(login, Author(login=login))
            self.people[login] = actions.import_person(
                source=self.source,
                remote_id=login,
                name=author.name,
                email=author.email,
                account=self.accounts,
                by=self.by,
            )
        return self.people[login]

    def _section(self, nicename: str, depth: int = 0) -> Section:
        if not nicename:
            return self._default_section()
        if nicename not in self.sections:
            category = self.categories.get(nicename, Category(nicename=nicename, name=nicename))
            parent = None
            if category.parent and category.parent != nicename and depth < 5:
                parent = self._section(category.parent, depth + 1)
            self.sections[nicename] = actions.import_section(
                source=self.source,
                remote_id=unquote(nicename),
                name=_plain(category.name) or nicename,
                parent=parent,
                by=self.by,
            )
        return self.sections[nicename]

    def _primary_first(self, item: Item) -> list[tuple[str, str]]:
        """The post's categories, the one an SEO plugin kept as primary first (WordPress lists
        them by name, so the first is not always the newsroom's rubric for the story)."""
        categories = item.categories()
        primary = next(
            (item.meta[key] for key in PRIMARY_CATEGORY if item.meta.get(key, "").isdigit()), ""
        )
        chosen = next(
            (
                category
                for category in categories
                if (found := self.categories.get(category[0])) and str(found.term_id) == primary
            ),
            None,
        )
        return [chosen, *(c for c in categories if c != chosen)] if chosen else categories

    def _default_section(self) -> Section:
        if "" not in self.sections:
            self.sections[""] = actions.import_section(
                source=self.source, remote_id="", name=self.default_section, by=self.by
            )
        return self.sections[""]


def _plain(text: str) -> str:
    return clean_text(text or "")


def _number(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


def _seo(item: Item) -> dict[str, str]:
    """The SEO title and description a plugin kept, when they are text of their own."""
    for title_key, description_key in SEO_FIELDS:
        title, description = (
            _plain(item.meta.get(key, "")) for key in (title_key, description_key)
        )
        if title or description:
            return {
                "seo_title": "" if _SEO_TEMPLATE.search(title) else title[:70],
                "seo_description": "" if _SEO_TEMPLATE.search(description) else description[:160],
            }
    return {}


def default_report_path(now: datetime | None = None) -> Path:
    moment = timezone.localtime(now or timezone.now())
    folder = Path(settings.DATA_DIR) / "imports"
    return folder / f"wordpress-{moment:%Y%m%d-%H%M%S}.tsv"
