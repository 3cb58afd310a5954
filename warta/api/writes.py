"""The staff API: a token acts with its user's role and nothing more.

Every read of an article is news.access.get_article_for_user (404 for what the role may not
see, 403 for what it may not do), every write a news.actions action, inside which the text is
sanitized, the revision written, the index and the audit log updated; each audit entry names the
token. A save names its base revision and answers 409 on a conflict, as the desk does.
"""

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from pydantic import ConfigDict, Field

from warta.api.auth import BearerToken, PerAddress, PerToken
from warta.api.errors import ApiError, invalid, unknown
from warta.api.schemas import STAFF_ERRORS, answers
from warta.lib.addresses import client_ip
from warta.lib.html import clean_text
from warta.media.models import Image
from warta.news import access, actions
from warta.news.models import Article, Correction, Person, Section, Topic
from warta.news.revisions import snapshot

router = Router(tags=["Redaksi"], auth=BearerToken(), throttle=[PerAddress(), PerToken()])


def _through_token(run: Callable[..., Any]) -> Callable[..., Any]:
    """Audit entries made while the operation runs name the token that made the call."""

    @wraps(run)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        token = getattr(request, "api_token", None)
        if token is None:
            return run(request, *args, **kwargs)
        with actions.acting_through_token(token.name):
            return run(request, *args, **kwargs)

    return wrapped


router.add_decorator(_through_token, mode="operation")


class Input(Schema):
    """What a client sends: text is taken without its surrounding blanks, so a reason, a note
    or a caption of spaces is refused as empty (422) rather than reaching the actions."""

    model_config = ConfigDict(str_strip_whitespace=True)


class ArticleIn(Input):
    headline: str = Field(..., min_length=1, max_length=200)
    kicker: str = Field("", max_length=60)
    summary: str = Field("", max_length=400)
    dateline_city: str = Field("", max_length=60)
    body: str = Field("", max_length=500_000, description="HTML; sanitized on save.")
    section: str = Field(..., description="The section's slug.")
    topic: str | None = Field(None, description="A topic's slug.")
    hero_image: int | None = Field(None, description="A photo's id from POST /desk/photos.")
    writers: list[str] | None = Field(
        None,
        max_length=3,
        description="People's slugs, in byline order (none: the author's own byline).",
    )
    editor: str | None = Field(None, description="A person's slug (editors only).")
    tags: list[str] = Field(default_factory=list, max_length=12)
    seo_title: str = Field("", max_length=70)
    seo_description: str = Field("", max_length=160)
    slug: str = Field("", max_length=100, description="Made from the headline when empty.")


class ArticleUpdate(ArticleIn):
    base_revision: int = Field(
        ..., description="The revision this edit started from (`revision` of the article)."
    )


class DeskArticle(Schema):
    id: int
    status: Literal["draft", "review", "scheduled", "published", "unpublished"]
    revision: int | None = Field(description="The current revision: the base of the next save.")
    headline: str
    kicker: str
    summary: str
    dateline_city: str
    body: str
    section: str
    topic: str | None
    hero_image: int | None
    writers: list[str]
    editor: str | None
    tags: list[str]
    seo_title: str
    seo_description: str
    slug: str
    return_note: str
    published_at: datetime | None
    url: str | None = Field(description="The reader page, once published.")


class Note(Input):
    note: str = Field("", max_length=1000)


def _note(payload: Note | None) -> str:
    return payload.note if payload is not None else ""


class RequiredNote(Input):
    note: str = Field(..., min_length=1, max_length=1000)


class ScheduleIn(Note):
    at: datetime = Field(..., description="When it goes out, with its zone (WIB: +07:00).")


class UnpublishIn(Input):
    reason: str = Field(..., min_length=1, max_length=1000)


class CorrectionIn(Input):
    kind: Literal["koreksi", "ralat", "klarifikasi", "hak-jawab"]
    text: str = Field(..., min_length=1, max_length=2000, description="The public text.")
    body: str | None = Field(None, max_length=500_000, description="The corrected body, if any.")


class PhotoIn(Input):
    caption: str = Field(..., min_length=1, max_length=300)
    credit: str = Field(..., min_length=1, max_length=120, description='Shown as "sumber: ..."')
    alt_text: str = Field(..., min_length=1, max_length=250)


class DeskListParams(Schema):
    status: Literal["draft", "review", "scheduled", "published", "unpublished"] | None = None
    mine: bool = Field(False, description="Only the token owner's own articles.")
    limit: int = Field(20, ge=1, le=100)


class PhotoCreated(Schema):
    id: int
    caption: str
    credit: str
    alt_text: str
    width: int
    height: int


def desk_article(article: Article) -> DeskArticle:
    data = snapshot(article)
    people = {
        p.pk: p.slug for p in Person.objects.filter(pk__in=[*data["writers"], data["editor"]])
    }
    return DeskArticle(
        id=article.pk,
        status=article.status,  # type: ignore[arg-type]
        revision=article.current_revision_id,
        **{name: data[name] for name in ("headline", "kicker", "summary", "dateline_city")},
        body=data["body"],
        section=article.section.slug,
        topic=article.topic.slug if article.topic else None,
        hero_image=data["hero_image"],
        writers=[people[pk] for pk in data["writers"] if pk in people],
        editor=people.get(data["editor"]) if data["editor"] else None,
        tags=data["tags"],
        seo_title=data["seo_title"],
        seo_description=data["seo_description"],
        slug=data["slug"],
        return_note=article.return_note,
        published_at=article.published_at,
        url=_public_url(article),
    )


def _public_url(article: Article) -> str | None:
    from warta.api.schemas import absolute

    return absolute(article.get_absolute_url()) if article.is_published else None


def _pk(model: type[Section | Topic | Person], field: str, slug: str) -> int:
    found = model.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if found is None:
        raise unknown(field, slug)
    return int(found)


def _revision_data(payload: ArticleIn, user: Any, current: dict[str, Any] | None) -> dict[str, Any]:
    """The payload as revision data, with every reference checked and named when unknown."""
    if payload.hero_image and not Image.objects.filter(pk=payload.hero_image).exists():
        raise unknown("hero_image", payload.hero_image)
    # A writer chooses their own byline, as in the desk (access RULES["byline"]); the editor
    # credit is the editors' (RULES["people"]).
    may_credit = access.is_editor(user)
    if not may_credit and payload.editor is not None:
        raise ApiError(
            403,
            "forbidden",
            "Penulis tidak dapat menentukan editor; redaktur yang menentukannya.",
            {"editor": ["Hanya redaktur."]},
        )
    writers = [_pk(Person, "writers", slug) for slug in payload.writers or []]
    if len(set(writers)) != len(writers):
        raise invalid("writers", "Penulis yang sama dipilih dua kali.")
    data = {
        "headline": payload.headline,
        "slug": payload.slug,
        "kicker": payload.kicker,
        "summary": payload.summary,
        "dateline_city": payload.dateline_city,
        "body": payload.body,
        "section": _pk(Section, "section", payload.section),
        "topic": _pk(Topic, "topic", payload.topic) if payload.topic else None,
        "hero_image": payload.hero_image,
        "tags": payload.tags,
        "seo_title": payload.seo_title,
        "seo_description": payload.seo_description,
        "writers": writers,
        "editor": _pk(Person, "editor", payload.editor) if payload.editor else None,
    }
    if current is not None and payload.writers is None:
        data["writers"] = current["writers"]
    if current is not None and payload.editor is None and not may_credit:
        data["editor"] = current["editor"]
    if any(not clean_text(tag) for tag in payload.tags):
        raise invalid("tags", "Tag harus berupa kata: salah satunya kosong tanpa markup.")
    return data


def _saving(call: Callable[[], Article]) -> Article:
    try:
        return call()
    except ValueError as error:
        if "headline" in str(error):
            raise invalid("headline", "Judul tidak boleh kosong.") from None
        raise


@router.get(
    "/articles",
    response=answers(200, list[DeskArticle], STAFF_ERRORS),
    summary="Articles this token may see",
)
def desk_articles(request: HttpRequest, params: Query[DeskListParams]) -> list[DeskArticle]:
    user = request.user
    found = access.own_articles(user) if params.mine else access.visible_articles(user)
    if params.status:
        found = found.filter(status=params.status)
    newest = found.order_by("-modified_at", "-pk").values_list("pk", flat=True)[: params.limit]
    articles = access.desk_article_queryset().in_bulk(list(newest))
    return [desk_article(articles[pk]) for pk in newest if pk in articles]


@router.get(
    "/articles/{article_id}",
    response=answers(200, DeskArticle, STAFF_ERRORS),
    summary="An article, any state",
)
def desk_article_detail(request: HttpRequest, article_id: int) -> DeskArticle:
    return desk_article(access.get_article_for_user(request.user, article_id))


@router.post("/articles", response=answers(201, DeskArticle, STAFF_ERRORS), summary="A new draft")
def create(request: HttpRequest, payload: ArticleIn) -> Status[DeskArticle]:
    if access.role_of(request.user) is None:
        raise PermissionDenied("create")
    data = _revision_data(payload, request.user, None)
    if not data["writers"]:
        data.pop("writers")  # the author's own byline
    article = _saving(lambda: actions.create_article(by=request.user, data=data))
    return Status(201, desk_article(access.get_article_for_user(request.user, article.pk)))


@router.put(
    "/articles/{article_id}",
    response=answers(200, DeskArticle, STAFF_ERRORS),
    summary="Save an edit",
)
def save(request: HttpRequest, article_id: int, payload: ArticleUpdate) -> DeskArticle:
    article = access.get_article_for_user(request.user, article_id, action="edit")
    data = _revision_data(payload, request.user, snapshot(article))
    _saving(
        lambda: actions.save_article(
            article, by=request.user, data=data, base_revision=payload.base_revision
        )
    )
    return desk_article(access.get_article_for_user(request.user, article_id))


def _step(
    request: HttpRequest, article_id: int, action: str, run: Callable[[Article], Any]
) -> DeskArticle:
    article = access.get_article_for_user(request.user, article_id, action=action)
    run(article)
    return desk_article(access.get_article_for_user(request.user, article_id))


@router.post(
    "/articles/{article_id}/submit",
    response=answers(200, DeskArticle, STAFF_ERRORS),
    summary="Send for review",
)
def submit(request: HttpRequest, article_id: int, payload: Note | None = None) -> DeskArticle:
    ip = client_ip(request)
    return _step(
        request,
        article_id,
        "submit",
        lambda a: actions.submit_article(a, by=request.user, note=_note(payload), ip=ip),
    )


@router.post(
    "/articles/{article_id}/return",
    response=answers(200, DeskArticle, STAFF_ERRORS),
    summary="Return to the writer",
)
def return_(request: HttpRequest, article_id: int, payload: RequiredNote) -> DeskArticle:
    ip = client_ip(request)
    return _step(
        request,
        article_id,
        "return",
        lambda a: actions.return_article(a, by=request.user, note=payload.note, ip=ip),
    )


@router.post(
    "/articles/{article_id}/publish",
    response=answers(200, DeskArticle, STAFF_ERRORS),
    summary="Publish now",
)
def publish(request: HttpRequest, article_id: int, payload: Note | None = None) -> DeskArticle:
    ip = client_ip(request)
    return _step(
        request,
        article_id,
        "publish",
        lambda a: actions.publish_article(a, by=request.user, note=_note(payload), ip=ip),
    )


@router.post(
    "/articles/{article_id}/schedule",
    response=answers(200, DeskArticle, STAFF_ERRORS),
    summary="Schedule",
)
def schedule(request: HttpRequest, article_id: int, payload: ScheduleIn) -> DeskArticle:
    if payload.at.tzinfo is None:
        raise invalid("at", "Sertakan zona waktu, misalnya +07:00 untuk WIB.")
    if payload.at <= timezone.now():
        raise invalid("at", "Waktu terbit harus di masa depan.")
    ip = client_ip(request)
    return _step(
        request,
        article_id,
        "schedule",
        lambda a: actions.schedule_article(
            a, by=request.user, at=payload.at, note=payload.note, ip=ip
        ),
    )


@router.post(
    "/articles/{article_id}/unschedule",
    response=answers(200, DeskArticle, STAFF_ERRORS),
    summary="Cancel schedule",
)
def unschedule(request: HttpRequest, article_id: int, payload: Note | None = None) -> DeskArticle:
    ip = client_ip(request)
    return _step(
        request,
        article_id,
        "unschedule",
        lambda a: actions.unschedule_article(a, by=request.user, note=_note(payload), ip=ip),
    )


@router.post(
    "/articles/{article_id}/unpublish",
    response=answers(200, DeskArticle, STAFF_ERRORS),
    summary="Take down",
)
def unpublish(request: HttpRequest, article_id: int, payload: UnpublishIn) -> DeskArticle:
    ip = client_ip(request)
    return _step(
        request,
        article_id,
        "unpublish",
        lambda a: actions.unpublish_article(a, by=request.user, reason=payload.reason, ip=ip),
    )


@router.post(
    "/articles/{article_id}/corrections",
    response=answers(201, DeskArticle, STAFF_ERRORS),
    summary="Correct",
)
def correct(request: HttpRequest, article_id: int, payload: CorrectionIn) -> Status[DeskArticle]:
    article = access.get_article_for_user(request.user, article_id, action="correct")
    data = None
    if payload.body is not None:
        data = {**snapshot(article), "body": payload.body}
    actions.correct_article(
        article,
        by=request.user,
        kind=Correction.Kind(payload.kind),
        text=payload.text,
        data=data,
        ip=client_ip(request),
    )
    return Status(201, desk_article(access.get_article_for_user(request.user, article_id)))


@router.post("/photos", response=answers(201, PhotoCreated, STAFF_ERRORS), summary="Upload a photo")
def upload(
    request: HttpRequest,
    file: File[UploadedFile],
    words: Form[PhotoIn],
) -> Status[PhotoCreated]:
    """The same checks as the desk's upload form: type, size, pixels, content."""
    if access.role_of(request.user) is None:
        raise PermissionDenied("upload")
    image = actions.upload_photo(
        file,
        by=request.user,
        ip=client_ip(request),
        caption=words.caption,
        credit=words.credit,
        alt_text=words.alt_text,
    )
    return Status(
        201,
        PhotoCreated(
            id=image.pk,
            caption=image.caption,
            credit=image.credit,
            alt_text=image.alt_text,
            width=image.width,
            height=image.height,
        ),
    )
