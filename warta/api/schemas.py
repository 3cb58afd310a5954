"""What the API says, as pydantic models (they make the OpenAPI document), and the functions
that turn the newsroom's rows into them. Text is as readers see it; URLs are absolute."""

from datetime import datetime
from typing import Literal

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.timezone import localtime
from ninja import Schema
from pydantic import Field

from warta.media.html import INLINE_FIGURE, current_figures, inline_image_id
from warta.media.models import Image
from warta.media.renditions import CROPS
from warta.news.models import Article, Correction, Person, Section, Tag, Topic

# Times are given with the site's offset (WIB: +07:00), as the newsroom reads them.


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


class Error(Schema):
    code: str = Field(examples=["not_found"])
    message: str = Field(examples=["Tidak ditemukan."])
    fields: dict[str, list[str]] | None = None


# The errors an operation may answer with, besides its success: declared in the OpenAPI
# document so that clients (and schemathesis) know every answer's shape.
PUBLIC_ERRORS = (404, 422, 429, 503)
STAFF_ERRORS = (400, 401, 403, 404, 409, 413, 422, 429, 503)


def answers(ok: int, schema: object, errors: tuple[int, ...]) -> dict[int, object]:
    return {ok: schema, **dict.fromkeys(errors, Error)}


class SectionOut(Schema):
    slug: str
    name: str
    parent: str | None = Field(description="The parent section's slug, for a sub-section.")
    description: str
    url: str


class TagOut(Schema):
    slug: str
    name: str
    url: str


class TopicOut(Schema):
    slug: str
    name: str
    description: str
    url: str


class PersonOut(Schema):
    slug: str
    name: str
    roles: list[str]
    bio: str
    url: str


class RenditionOut(Schema):
    width: int
    height: int
    format: Literal["jpg", "webp"]
    url: str


class PhotoOut(Schema):
    id: int
    caption: str
    credit: str = Field(description='The source, shown as "sumber: ..." under the photo.')
    alt_text: str
    photographer: str | None
    renditions: dict[str, list[RenditionOut]] = Field(
        description="Crops by aspect ratio (16x9, 1x1, ...), each in several widths."
    )


class BylineOut(Schema):
    slug: str
    name: str
    roles: list[str]
    url: str


class CorrectionOut(Schema):
    kind: str = Field(examples=["koreksi"])
    text: str
    created_at: datetime
    article_id: int
    article_url: str


class SectionRef(Schema):
    slug: str
    name: str


class ArticleSummary(Schema):
    id: int
    type: str = Field(description="berita (news), advertorial or bersponsor (sponsored content).")
    label: str = Field(
        description="What paid content must be labelled with wherever it is shown; empty for news."
    )
    sponsor: str
    headline: str
    kicker: str
    summary: str
    section: SectionRef
    url: str = Field(description="The canonical URL of the article page.")
    published_at: datetime
    updated_at: datetime
    hero: PhotoOut | None
    bylines: list[BylineOut]


class ArticleDetail(ArticleSummary):
    dateline_city: str
    body_html: str = Field(description="The body as readers get it: sanitized HTML.")
    body_text: str
    tags: list[TagOut]
    topic: TopicOut | None
    editor: BylineOut | None
    photos: list[PhotoOut] = Field(description="The photos inside the body, in order.")
    corrections: list[CorrectionOut]
    verification_notice: str = Field(
        description="Shown at the end of the article, in brackets and italics, while the story "
        "still needs verification (Pedoman Pemberitaan Media Siber, point 2)."
    )
    verified_in_url: str | None = Field(description="The later article that verifies this one.")


class ArticlePage(Schema):
    items: list[ArticleSummary]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page; null at the end."
    )


class SearchHit(ArticleSummary):
    snippet: str = Field(description="Where the words matched, with <mark> around them.")


class SearchPage(Schema):
    query: str
    total: int
    page: int
    pages: int
    suggestion: str = Field(description='"Mungkin maksud Anda": a better query, or empty.')
    items: list[SearchHit]


def section_out(section: Section, parents: dict[int, str] | None = None) -> SectionOut:
    parent = None
    if section.parent_id:
        parent = (parents or {}).get(section.parent_id) or section.parent.slug  # type: ignore[union-attr]
    return SectionOut(
        slug=section.slug,
        name=section.name,
        parent=parent,
        description=section.description,
        url=absolute(section.get_absolute_url()),
    )


def tag_out(tag: Tag) -> TagOut:
    return TagOut(slug=tag.slug, name=tag.name, url=absolute(tag.get_absolute_url()))


def topic_out(topic: Topic) -> TopicOut:
    return TopicOut(
        slug=topic.slug,
        name=topic.name,
        description=topic.description,
        url=absolute(topic.get_absolute_url()),
    )


def person_out(person: Person) -> PersonOut:
    return PersonOut(
        slug=person.slug,
        name=person.name,
        roles=list(person.roles),
        bio=person.bio,
        url=absolute(person.get_absolute_url()),
    )


def byline_out(person: Person) -> BylineOut:
    return BylineOut(
        slug=person.slug,
        name=person.name,
        roles=list(person.roles),
        url=absolute(person.get_absolute_url()),
    )


def photo_out(image: Image) -> PhotoOut:
    crops: dict[str, list[RenditionOut]] = {}
    for crop in CROPS:
        found = image.rendition_set(crop)
        if found is None:
            continue
        crops[crop] = [
            RenditionOut(
                width=width,
                height=found.height_for(width),
                format=fmt,  # type: ignore[arg-type]
                url=absolute(found.url(width, fmt)),
            )
            for fmt in found.formats
            for width in found.widths
        ]
    return PhotoOut(
        id=image.pk,
        caption=image.caption,
        credit=image.credit,
        alt_text=image.alt_text,
        photographer=image.photographer.name if image.photographer else None,
        renditions=crops,
    )


def correction_out(correction: Correction, article: Article) -> CorrectionOut:
    return CorrectionOut(
        kind=correction.kind,
        text=correction.text,
        created_at=localtime(correction.created_at),
        article_id=article.pk,
        article_url=absolute(article.get_absolute_url()),
    )


def _summary_fields(article: Article) -> dict[str, object]:
    assert article.published_at is not None  # readers get published articles only
    return {
        "id": article.pk,
        "type": article.kind,
        "label": article.label,
        "sponsor": article.sponsor,
        "headline": article.headline,
        "kicker": article.kicker,
        "summary": article.summary,
        "section": SectionRef(slug=article.section.slug, name=article.section.name),
        "url": absolute(article.get_absolute_url()),
        "published_at": localtime(article.published_at),
        "updated_at": localtime(article.updated_at or article.published_at),
        "hero": photo_out(article.hero_image) if article.hero_image else None,
        "bylines": [byline_out(person) for person in article.ordered_writers()],
    }


def article_summary(article: Article) -> ArticleSummary:
    return ArticleSummary(**_summary_fields(article))  # type: ignore[arg-type]


def search_hit(article: Article, snippet: str) -> SearchHit:
    return SearchHit(**_summary_fields(article), snippet=snippet)  # type: ignore[arg-type]


def body_photos(body: str) -> list[PhotoOut]:
    """The library photos inside a body, in the order they appear, in one query."""
    ids = [pk for pk in map(inline_image_id, INLINE_FIGURE.findall(body)) if pk]
    found = Image.objects.select_related("photographer").in_bulk(ids)
    return [photo_out(found[pk]) for pk in dict.fromkeys(ids) if pk in found]


def article_detail(article: Article) -> ArticleDetail:
    body = current_figures([article.body])[0]
    return ArticleDetail(
        **_summary_fields(article),  # type: ignore[arg-type]
        dateline_city=article.dateline_city,
        body_html=body,
        body_text=" ".join(strip_tags(body.replace("</p>", "</p>\n")).split()),
        tags=[tag_out(tag) for tag in article.tags.all()],
        topic=topic_out(article.topic) if article.topic else None,
        editor=byline_out(article.editor) if article.editor else None,
        photos=body_photos(article.body),
        corrections=[correction_out(c, article) for c in article.corrections.all()],
        verification_notice=article.verification_notice,
        verified_in_url=absolute(verified.get_absolute_url())
        if (verified := article.verified_in) is not None and verified.is_published
        else None,
    )
