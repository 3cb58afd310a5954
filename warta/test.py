"""Shared test helpers: the cast and small factories that build real rows and real renditions.

The cast: a reader (anonymous), a writer (penulis), another writer, an editor, and an admin.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime, timedelta
from io import BytesIO

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from warta.lib.slugs import make_slug
from warta.media import renditions
from warta.media.models import Image
from warta.news import actions
from warta.news.models import Article, Person, Section, Tag, Topic

_counter = itertools.count(1)


def photo_bytes(
    size: tuple[int, int] = (1600, 900), fmt: str = "JPEG", colour: str = "#3a7bd5"
) -> bytes:
    picture = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((size[0] // 3, size[1] // 3, size[0] // 2, size[1] // 2), fill="#ffcc00")
    buffer = BytesIO()
    picture.save(buffer, fmt)
    return buffer.getvalue()


def make_image(
    *,
    caption: str = "Tentara berlatih di lapangan",
    credit: str = "KCNA",
    alt_text: str = "Barisan tentara di lapangan",
    photographer: Person | None = None,
    size: tuple[int, int] = (1600, 900),
    focal: tuple[float, float] = (0.5, 0.5),
) -> Image:
    image = Image(caption=caption, credit=credit, alt_text=alt_text, photographer=photographer)
    image.focal_x, image.focal_y = focal
    image.file.save(f"test-{next(_counter)}.jpg", ContentFile(photo_bytes(size)), save=False)
    image.width, image.height = size
    image.save()
    renditions.refresh(image)
    return image


def make_section(
    name: str = "Internasional", *, parent: Section | None = None, order: int = 0
) -> Section:
    return Section.objects.get_or_create(
        slug=make_slug(name), defaults={"name": name, "parent": parent, "order": order}
    )[0]


def make_person(
    name: str = "Rina Kusuma", *, roles: list[str] | None = None, user: User | None = None
) -> Person:
    return Person.objects.get_or_create(
        slug=make_slug(name), defaults={"name": name, "roles": roles or ["penulis"], "user": user}
    )[0]


def make_tag(name: str) -> Tag:
    return Tag.objects.get_or_create(slug=make_slug(name), defaults={"name": name})[0]


def make_topic(name: str = "Ketegangan Semenanjung Korea") -> Topic:
    return Topic.objects.get_or_create(slug=make_slug(name), defaults={"name": name})[0]


def make_article(
    headline: str | None = None,
    *,
    section: Section | None = None,
    writers: list[Person] | None = None,
    editor: Person | None = None,
    status: str = Article.Status.PUBLISHED,
    published_at: datetime | None = None,
    tags: Sequence[str] = (),
    topic: Topic | None = None,
    image: Image | None = None,
    body: str = "<p>Paragraf pembuka berita.</p><h2>Subjudul</h2><p>Paragraf kedua.</p>",
    city: str = "",
    summary: str = "Ringkasan singkat berita uji.",
    kicker: str = "",
    is_headline: bool = False,
    headline_position: int = 0,
    by: User | None = None,
) -> Article:
    """An article made the way the desk makes one: through news.actions, step by step."""
    number = next(_counter)
    headline = headline or f"Berita uji nomor {number} tentang latihan militer"
    data = {
        "headline": headline,
        "slug": make_slug(headline),
        "kicker": kicker,
        "summary": summary,
        "dateline_city": city,
        "body": body,
        "section": (section or make_section()).pk,
        "topic": topic.pk if topic else None,
        "hero_image": image.pk if image else None,
        "editor": editor.pk if editor else None,
        "writers": [person.pk for person in writers or [make_person()]],
        "tags": list(tags),
        "seo_title": "",
        "seo_description": "",
    }
    article = actions.create_article(by=by, data=data)
    # Published a little while ago; scheduled a little while ahead, as the desk allows.
    ahead = status == Article.Status.SCHEDULED
    when = published_at or timezone.now() + timedelta(minutes=number) * (1 if ahead else -1)
    if status == Article.Status.PUBLISHED:
        article = actions.publish_article(article, by=None, at=when)
    elif status == Article.Status.REVIEW:
        article = actions.submit_article(article, by=None)
    elif status == Article.Status.SCHEDULED:
        article = actions.schedule_article(article, by=None, at=when)
    elif status == Article.Status.UNPUBLISHED:
        article = actions.publish_article(article, by=None, at=when)
        article = actions.unpublish_article(article, by=None, reason="Uji")
    if is_headline:
        chosen = list(Article.objects.filter(is_headline=True).order_by("headline_position"))
        chosen.insert(max(headline_position - 1, 0), article)
        actions.set_home_headlines(chosen, by=None)
        article.refresh_from_db()
    return article


def make_staff(username: str, role: str) -> User:
    """A staff account made as `warta createuser` and the desk make one."""
    return actions.create_staff_account(
        username=username, password=f"{username}-Sandi-Rahasia-1", role=role, by=None
    )
