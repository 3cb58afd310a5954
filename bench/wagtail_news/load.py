"""Copy the benchmark's articles from Warta's database into the Wagtail site, through Wagtail's
own page tree (add_child), as an importer written for Wagtail would."""

from __future__ import annotations

import io
import sqlite3
from datetime import UTC, datetime

from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import transaction
from PIL import Image as Picture
from wagtail.images.models import Image
from wagtail.models import Page, Site

from .models import ArticlePage, HomePage, Person, SectionPage


def _photo(number: int) -> ImageFile:
    buffer = io.BytesIO()
    Picture.new("RGB", (1600, 900), (40 + number * 9, 90, 140)).save(buffer, "JPEG", quality=80)
    return ImageFile(buffer, name=f"foto-{number}.jpg")


def load(warta_database: str) -> None:
    call_command("migrate", interactive=False, verbosity=0)
    source = sqlite3.connect(warta_database)
    rows = source.execute
    with transaction.atomic():
        root = Page.get_first_root_node()
        for page in root.get_children():
            page.delete()  # the "Welcome" page of Wagtail's first migration
        home = root.add_child(instance=HomePage(title="Warta", slug="beranda"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
        )
        sections = {
            pk: home.add_child(instance=SectionPage(title=name, slug=slug))
            for pk, name, slug in rows('SELECT id, name, slug FROM news_section ORDER BY "order"')
        }
        people = {
            pk: Person.objects.create(name=name, slug=slug)
            for pk, name, slug in rows("SELECT id, name, slug FROM news_person")
        }
        images = {}
        for number, (pk, caption, credit, alt) in enumerate(
            rows("SELECT id, caption, credit, alt_text FROM media_image ORDER BY id")
        ):
            images[pk] = (Image.objects.create(title=alt, file=_photo(number)), caption, credit)
        writers: dict[int, list[int]] = {}
        for article_id, person_id in rows(
            "SELECT article_id, person_id FROM news_articlewriter ORDER BY position"
        ):
            writers.setdefault(article_id, []).append(person_id)
        tags: dict[int, list[str]] = {}
        for article_id, name in rows(
            "SELECT t.article_id, g.name FROM news_article_tags t "
            "JOIN news_tag g ON g.id = t.tag_id"
        ):
            tags.setdefault(article_id, []).append(name)
        for pk, headline, slug, summary, city, body, section, image, editor, published in rows(
            "SELECT id, headline, slug, summary, dateline_city, body, section_id, hero_image_id, "
            "editor_id, published_at FROM news_article WHERE status = 'published' ORDER BY id"
        ):
            photo, caption, credit = images.get(image, (None, "", ""))
            page = ArticlePage(
                title=headline,
                slug=f"{slug[:60]}-{pk}",
                warta_pk=pk,
                date=datetime.fromisoformat(published).replace(tzinfo=UTC),  # Django's SQLite
                summary=summary,
                dateline_city=city,
                body=body,
                hero_image=photo,
                hero_caption=caption,
                hero_credit=credit,
                editor=people.get(editor),
            )
            page.writers = [people[p] for p in writers.get(pk, [])]
            page.tags.add(*tags.get(pk, []))
            sections[section].add_child(instance=page)
