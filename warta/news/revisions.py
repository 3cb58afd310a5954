"""What a revision holds, and how an article is read from and written back to one.

A revision's data is a plain dict of every field a writer or editor can change, so revisions
can be compared, restored and shown without touching the live article.
"""

from typing import Any

from django.db import IntegrityError, transaction

from warta.lib.html import clean_html, clean_text
from warta.lib.slugs import free_slug, make_slug
from warta.news.models import Article, ArticleWriter, Tag

FIELDS = (
    "headline",
    "slug",
    "kicker",
    "summary",
    "dateline_city",
    "body",
    "section",
    "topic",
    "hero_image",
    "editor",
    "writers",
    "tags",
    "seo_title",
    "seo_description",
)
TEXT_FIELDS = (
    "headline",
    "slug",
    "kicker",
    "summary",
    "dateline_city",
    "body",
    "seo_title",
    "seo_description",
)


def cleaned(data: dict[str, Any]) -> dict[str, Any]:
    """Revision data as it may be stored: the body through the HTML allowlist, every other text
    as plain text, tags without markup or blanks. Every writer (desk, API, importers, the
    admin, the demo) passes through here, so none can forget it."""
    clean = dict(data)
    for name in TEXT_FIELDS:
        value = data.get(name) or ""
        # Every text but the body is one line wherever it shows (a list, a feed, a <title>): a
        # line break pasted into the headline box is a space.
        clean[name] = clean_html(value) if name == "body" else " ".join(clean_text(value).split())
        # The forms say so beside the field; a caller that skipped them (an import, a script)
        # gets the text cut at the column's length rather than a database error.
        limit = getattr(Article._meta.get_field(name), "max_length", None)
        if limit and name != "body":
            clean[name] = clean[name][:limit].rstrip()
    if not clean["headline"]:
        raise ValueError("an article needs a headline in words")
    # Every article has an address: the slug typed, or one made from the headline.
    clean["slug"] = make_slug(clean["slug"] or clean["headline"], max_length=100)
    names = (clean_text(str(name))[:80] for name in data.get("tags") or [])
    clean["tags"] = list(dict.fromkeys(name for name in names if name))
    return clean


def snapshot(article: Article) -> dict[str, Any]:
    return {
        **{name: getattr(article, name) for name in TEXT_FIELDS},
        "section": article.section_id,
        "topic": article.topic_id,
        "hero_image": article.hero_image_id,
        "editor": article.editor_id,
        "writers": [
            link.person_id
            for link in sorted(article.article_writers.all(), key=lambda link: link.position)
        ],
        "tags": sorted(tag.name for tag in article.tags.all()),
    }


def _tag(name: str) -> Tag:
    """The tag of that name, whatever its case; made if it is new, once even when two saves
    make it at the same moment (the second finds the first's)."""
    found = Tag.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Tag.objects.create(
                name=name,
                slug=free_slug(name, lambda slug: Tag.objects.filter(slug=slug).exists()),
            )
    except IntegrityError:
        found = Tag.objects.filter(name__iexact=name).first()
        if found is None:
            raise
        return found


def apply(article: Article, data: dict[str, Any]) -> dict[str, Any]:
    """Write revision data onto the article's fields and relations, in the caller's transaction,
    and return it as snapshot() would read it back. The article row itself is the caller's to
    save (once, with its new current revision); it must already exist."""
    data = cleaned(data)
    for name in TEXT_FIELDS:
        setattr(article, name, data.get(name, "") or "")
    article.section_id = data["section"]
    article.topic_id = data.get("topic")
    article.hero_image_id = data.get("hero_image")
    article.editor_id = data.get("editor")
    writers = list(dict.fromkeys(data.get("writers") or []))
    current = [link.person_id for link in article.article_writers.order_by("position")]
    if current != writers:
        article.article_writers.all().delete()
        ArticleWriter.objects.bulk_create(
            ArticleWriter(article=article, person_id=person, position=position)
            for position, person in enumerate(writers)
        )
    # New tags are made in one order, whatever the writer's: two saves making the same ones at
    # once then wait for each other instead of deadlocking.
    tags = [_tag(name) for name in sorted(data.get("tags") or [], key=str.casefold)]
    article.tags.set(tags)
    return {
        **{name: getattr(article, name) for name in TEXT_FIELDS},
        "section": article.section_id,
        "topic": article.topic_id,
        "hero_image": article.hero_image_id,
        "editor": article.editor_id,
        "writers": writers,
        "tags": sorted({tag.name for tag in tags}),
    }
