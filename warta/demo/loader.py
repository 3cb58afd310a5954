"""Loads the demo newsroom from content/*.toml: idempotent, so a second run adds nothing."""

from __future__ import annotations

import re
import tomllib
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from warta.demo import images
from warta.lib.html import clean_html, clean_text
from warta.lib.slugs import make_slug
from warta.media import renditions
from warta.media.html import inline_figure_html
from warta.media.models import Image
from warta.news import actions, revisions
from warta.news.models import (
    Article,
    Assignment,
    Page,
    Person,
    Section,
    SiteSettings,
    Topic,
    WireSource,
)

CONTENT = Path(__file__).parent / "content"
SECTION_FILES = (
    "nasional",
    "internasional",
    "ekonomi",
    "olahraga",
    "teknologi",
    "hiburan",
    "gaya-hidup",
    "opini",
    "hari-ini",  # the newsroom's day: a live report, a verified pair, an advertorial
)
BREAKING_FOR = timedelta(hours=24)


@dataclass
class LoadReport:
    created: int = 0
    skipped: int = 0
    files: list[str] = field(default_factory=list)


def newsroom() -> dict:
    with (CONTENT / "newsroom.toml").open("rb") as handle:
        return tomllib.load(handle)


def article_entries() -> Iterator[dict]:
    for name in SECTION_FILES:
        path = CONTENT / f"{name}.toml"
        if not path.exists():
            continue
        with path.open("rb") as handle:
            yield from tomllib.load(handle).get("article", [])


def _seed(text: str) -> int:
    return zlib.crc32(text.encode())


def _save_image(name: str, content: bytes, **fields: object) -> Image:
    image = Image(**fields)
    image.file.save(f"{name}.jpg", ContentFile(content), save=False)
    image.width, image.height = image.file.width, image.file.height
    image.save()
    renditions.refresh(image)
    return image


@transaction.atomic
def load_newsroom() -> None:
    data = newsroom()
    order = 0
    for item in data["section"]:
        order += 1
        parent = Section.objects.get(slug=item["parent"]) if item.get("parent") else None
        Section.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"], "parent": parent, "order": order}
        )
    for item in data["person"]:
        if Person.objects.filter(slug=item["slug"]).exists():
            continue
        initials = "".join(word[0] for word in item["name"].split()[:2])
        photo = _save_image(
            f"portrait-{item['slug']}",
            images.jpeg_bytes(images.avatar(initials, _seed(item["slug"]))),
            caption=item["name"],
            credit="Dokumentasi Warta",
            alt_text=f"Potret {item['name']}",
            focal_x=0.5,
            focal_y=0.5,
        )
        Person.objects.create(
            slug=item["slug"], name=item["name"], roles=item["roles"], bio=item["bio"], photo=photo
        )
    for item in data["topic"]:
        Topic.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"], "description": item["description"]}
        )
    if not SiteSettings.objects.exists():
        site = SiteSettings(pk=1, **data["site"])
        site.full_clean()
        site.save()
    for position, item in enumerate(data["page"], start=1):
        Page.objects.get_or_create(
            slug=item["slug"],
            defaults={"title": item["title"], "body": clean_html(item["body"]), "order": position},
        )


def load_wires() -> None:
    """The demo's wire service, switched off, with its stories already in the Kawat inbox."""
    for item in newsroom().get("wire", []):
        source = WireSource.objects.filter(url=item["url"]).first()
        if source is None:
            source = actions.save_site_record(
                WireSource(
                    name=item["name"],
                    url=item["url"],
                    credit=item["credit"],
                    licence_note=item["licence_note"],
                    section=Section.objects.get(slug=item["section"]),
                    active=False,
                ),
                by=None,
            )
        actions.file_wire_items(source, item["item"])


def _baca_juga(body: str, target: Article) -> str:
    """Put the "Baca Juga" box after the second paragraph, where portals usually place it."""
    box = (
        f'<aside class="baca-juga"><strong>Baca Juga:</strong> '
        f'<a href="{target.get_absolute_url()}">{escape(target.headline)}</a></aside>'
    )
    ends = [match.end() for match in re.finditer(r"</p>", body)]
    if len(ends) < 2:
        return body + box
    return body[: ends[1]] + box + body[ends[1] :]


def _with_inline_photo(body: str, photo: dict, photographer: Person | None) -> str:
    """Place a second photo, with its caption and credit, after the third paragraph."""
    image = _save_image(
        f"demo-inline-{_seed(photo['caption'])}",
        images.jpeg_bytes(images.draw_scene(photo["scene"], _seed(photo["caption"]))),
        caption=clean_text(photo["caption"]),
        credit=clean_text(photo["credit"]),
        alt_text=clean_text(photo["alt"]),
        photographer=photographer,
    )
    ends = [match.end() for match in re.finditer(r"</p>", body)]
    at = ends[2] if len(ends) > 2 else len(body)
    return body[:at] + inline_figure_html(image) + body[at:]


def load_articles(progress: Callable[[str], None] | None = None) -> LoadReport:
    """Every article the way the desk makes one: drafted, linked ("Baca Juga") while still a
    draft, then published at its time through news.actions."""
    report = LoadReport()
    now = timezone.now()
    entries = list(article_entries())
    by_headline: dict[str, Article] = {}
    created: list[tuple[dict, Article]] = []
    for entry in entries:
        headline = clean_text(entry["headline"])
        existing = Article.objects.filter(headline=headline).first()
        if existing:
            by_headline[headline] = existing
            report.skipped += 1
        else:
            by_headline[headline] = _create_draft(entry, headline)
            created.append((entry, by_headline[headline]))
            report.created += 1
        if progress:
            progress(headline)
    for entry, article in created:
        target = by_headline.get(entry.get("baca_juga", ""))
        if target and target.pk != article.pk:
            data = {**revisions.snapshot(article), "body": _baca_juga(article.body, target)}
            by_headline[clean_text(entry["headline"])] = actions.save_article(
                article, by=None, data=data, base_revision=article.current_revision_id
            )
    for entry, _draft in created:
        _publish(entry, by_headline[clean_text(entry["headline"])], now)
    for entry, _draft in created:
        _label(entry, by_headline, now)
    chosen = sorted(
        (entry["headline_position"], by_headline[clean_text(entry["headline"])])
        for entry, _article in created
        if entry.get("headline_position", 0) > 0
    )
    if chosen:
        actions.set_home_headlines([article for _position, article in chosen], by=None)
    return report


@transaction.atomic
def _create_draft(entry: dict, headline: str) -> Article:
    photo = entry["photo"]
    photographer = Person.objects.filter(slug=photo.get("photographer") or "-").first()
    hero = _save_image(
        f"demo-{make_slug(headline, 60)}",
        images.jpeg_bytes(images.draw_scene(photo.get("scene", "kota"), _seed(headline))),
        caption=clean_text(photo["caption"]),
        credit=clean_text(photo["credit"]),
        alt_text=clean_text(photo["alt"]),
        photographer=photographer,
    )
    body = entry["body"].strip()
    if "inline_photo" in entry:
        body = _with_inline_photo(body, entry["inline_photo"], photographer)
    topic = Topic.objects.filter(slug=entry.get("topic") or "-").first()
    editor = Person.objects.filter(slug=entry.get("editor") or "-").first()
    data = {
        "headline": headline,
        "slug": make_slug(headline),
        "kicker": entry.get("kicker", ""),
        "summary": entry.get("summary", ""),
        "dateline_city": entry.get("city", ""),
        "body": body,
        "section": Section.objects.get(slug=entry["section"]).pk,
        "topic": topic.pk if topic else None,
        "hero_image": hero.pk,
        "editor": editor.pk if editor else None,
        "writers": [Person.objects.get(slug=slug).pk for slug in entry["writers"]],
        "tags": entry.get("tags", []),
        "seo_title": "",
        "seo_description": "",
    }
    return actions.create_article(by=None, data=data)


def _label(entry: dict, by_headline: dict[str, Article], now: datetime) -> None:
    """What the press council's rules and live coverage add to a published story."""
    article = Article.objects.get(pk=by_headline[clean_text(entry["headline"])].pk)
    if entry.get("kind"):
        actions.set_sponsorship(article, kind=entry["kind"], sponsor=entry["sponsor"], by=None)
    if entry.get("verification_notice"):
        actions.set_verification_notice(article, text=entry["verification_notice"], by=None)
        update = by_headline.get(clean_text(entry.get("verified_in", "")))
        if update is not None:
            actions.link_verification(article, update=update, by=None)
    if entry.get("live"):
        started = article.published_at or now
        actions.start_live(article, by=None, at=started)
        for item in entry.get("live_update", []):
            actions.post_live_update(
                article,
                text=item["text"],
                pinned=item.get("pinned", False),
                by=None,
                at=now - timedelta(minutes=float(item["minutes_ago"])),
            )
        if entry["live"] == "ended":
            actions.end_live(article, by=None)


def load_plan() -> int:
    """Today's story plan, assigned by the demo editor to the demo accounts; once."""
    from django.contrib.auth import get_user_model

    accounts = get_user_model().objects.in_bulk(field_name="username")
    editor = accounts.get("editor")
    if editor is None:
        return 0
    now = timezone.now()
    made = 0
    with (CONTENT / "hari-ini.toml").open("rb") as handle:
        plan = tomllib.load(handle).get("assignment", [])
    for item in plan:
        if Assignment.objects.filter(title=item["title"]).exists():
            continue
        assignees = [accounts[name] for name in item["assignees"] if name in accounts]
        publish = item.get("publish_hours")
        assignment = actions.assign_story(
            title=item["title"],
            brief=item["brief"],
            section=Section.objects.get(slug=item["section"]),
            assignees=assignees,
            deadline=now + timedelta(hours=float(item["deadline_hours"])),
            publish_at=now + timedelta(hours=float(publish)) if publish else None,
            by=editor,
        )
        if item.get("answer") == "diterima":
            for user in assignees:
                actions.answer_assignment(assignment, by=user, accept=True)
        made += 1
    return made


def _publish(entry: dict, article: Article, now: datetime) -> None:
    published_at = now - timedelta(hours=float(entry["hours_ago"]))
    updated_hours = float(entry.get("updated_hours_ago", 0) or 0)
    updated = now - timedelta(hours=updated_hours) if 0 < updated_hours else None
    article = actions.publish_article(article, by=None, at=published_at, updated=updated)
    if entry.get("breaking"):
        actions.set_breaking(article, by=None, until=now + BREAKING_FOR)
