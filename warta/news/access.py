"""The only place that decides which article a given person may see.

Readers get published articles only; whatever else exists stays a 404 to them, so its
existence is not revealed.
"""

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from warta.news.models import (
    ApiToken,
    Article,
    ArticleQuerySet,
    ArticleWriter,
    Assignment,
    AssignmentMember,
    Correction,
    EditorialNote,
    LiveUpdate,
    Notification,
    OldAddress,
    Origin,
    Person,
    PersonAlias,
    PreviewLink,
    Section,
    Tag,
    Takedown,
    token_digest,
)
from warta.news.prepared import STAND_IN_ID, STAND_IN_MOMENT, Prepared

# Whoever asks: a staff account (Django's User, the project's user model) or a reader.
Account = User | AnonymousUser


def published_q(prefix: str = "", *, at: datetime | None = None) -> Q:
    """The one definition of "published", for readers: status published and not dated in the
    future. `prefix` reaches articles through a relation ("articles__" from a tag). Every
    reader query is built from it: ArticleQuerySet.published(), sitemaps, search's SQL."""
    return Q(
        **{
            f"{prefix}status": Article.Status.PUBLISHED,
            f"{prefix}published_at__lte": at or timezone.now(),
        }
    )


def _with_byline_and_tags(articles: ArticleQuerySet) -> ArticleQuerySet:
    """Writers in byline order and tags: one query each, whatever the article."""
    writers = ArticleWriter.objects.select_related("person").order_by("position")
    return articles.prefetch_related(Prefetch("article_writers", queryset=writers), "tags")


def _page_article(pk: int) -> ArticleQuerySet:
    """The article page's article with its section, photo, editor and topic in one query, and
    whether it has the parts few articles have (corrections, earlier stories it verifies)."""
    return (
        Article.objects.select_related(
            "section",
            "section__parent",
            "hero_image",
            "hero_image__photographer",
            "editor",
            "topic",
        )
        .annotate(
            has_corrections=Exists(Correction.objects.filter(article=OuterRef("pk"))),
            verifies_earlier=Exists(Article.objects.filter(verified_in=OuterRef("pk"))),
        )
        .filter(pk=pk)
    )


# What every article page reads, compiled once per process (news.prepared): compiling them
# cost more than the database's answers.
_published_article = Prepared(
    Article, lambda pk, now: _page_article(pk).published(now), pk=STAND_IN_ID, now=STAND_IN_MOMENT
)
_any_article = Prepared(Article, _page_article, pk=STAND_IN_ID)
_byline = Prepared(
    ArticleWriter,
    lambda pk: (
        ArticleWriter.objects.filter(article_id=pk).select_related("person").order_by("position")
    ),
    pk=STAND_IN_ID,
)
_tags = Prepared(Tag, lambda pk: Tag.objects.filter(articles=pk), pk=STAND_IN_ID)


def article_for_page(pk: int, *, published: bool = True) -> Article:
    """The article `pk` with all its page shows: as readers may see it (`published`), or
    whatever its status (previews). Its byline and tags are read in a query each, and its
    corrections, the earlier stories it verifies and the story verifying it only when it has
    one. Raises Article.DoesNotExist.

    Each relation is read with a plain query and handed to the article as prefetch_related
    would: prefetch_related's machinery costs about half a millisecond a relation, more than
    the queries themselves, and this runs on every article page rendered.
    """
    found = _published_article(pk=pk, now=timezone.now()) if published else _any_article(pk=pk)
    if not found:
        raise Article.DoesNotExist(f"no article {pk}")
    story = found[0]
    _known(story, "article_writers", _byline(pk=pk))
    _known(story, "tags", _tags(pk=pk))
    has: dict[str, bool] = story.__dict__  # the two Exists annotations
    corrections = Correction.objects.filter(article_id=pk) if has["has_corrections"] else ()
    _known(story, "corrections", list(corrections))
    # Which of the verified stories readers may see is decided in Python: a status filter in
    # SQL leads SQLite's planner onto the publication index, through the whole archive.
    with_section = Article.objects.select_related("section")
    earlier = with_section.filter(verified_in_id=pk) if has["verifies_earlier"] else ()
    _known(story, "verifies", list(earlier))
    if story.verified_in_id is not None:
        story.verified_in = with_section.filter(pk=story.verified_in_id).first()
    return story


def _known(story: Article, relation: str, items: list[Any]) -> None:
    """Make `story.<relation>.all()` these items, without a query, as a prefetch leaves it."""
    found = getattr(story, relation).all()
    found._result_cache = items
    found._prefetch_done = True
    story.__dict__.setdefault("_prefetched_objects_cache", {})[relation] = found


def get_published_article(pk: int) -> Article:
    """The article as a reader may see it, or Http404."""
    try:
        return article_for_page(pk)
    except Article.DoesNotExist:
        raise Http404("No such article") from None


def person_for_slug(slug: str) -> tuple[Person | None, str | None]:
    """The person at this address, or the address they moved to when merged into another."""
    person = Person.objects.select_related("photo").filter(slug=slug).first()
    if person is not None:
        return person, None
    alias = PersonAlias.objects.select_related("person").filter(slug=slug).first()
    return None, (alias.person.get_absolute_url() if alias else None)


def takedown_of(pk: int) -> Takedown | None:
    """The public notice of an article taken down, for its old address (410)."""
    if not 0 < pk < 2**63:  # an address no article can have
        return None
    return (
        Takedown.objects.select_related("article")
        .filter(article_id=pk, article__status=Article.Status.TAKEN_DOWN)
        .first()
    )


def old_address_target(path: str) -> str | None:
    """Where an address from the newsroom's old site leads now: the published article's page,
    or None (a draft's old address stays a 404, like the draft)."""
    found = (
        OldAddress.objects.filter(path=path, article__in=Article.objects.filter(published_q()))
        .select_related("article", "article__section")
        .first()
    )
    return found.article.get_absolute_url() if found else None


# A WordPress site's category archive (/category/parent/child/, /category/child/page/2/) and
# author archive (/author/login/).
# An old site's archive pages, each with the kind of thing an import made of it. WordPress
# writes an author's address from the login, lowercased; the export keeps the login.
_OLD_ARCHIVES: tuple[tuple[re.Pattern[str], str, type[Section] | type[Person]], ...] = (
    (
        re.compile(r"^/category/(?:[^/]+/)*?(?P<slug>[^/]+)/(?:page/\d+/)?$"),
        Origin.Kind.SECTION,
        Section,
    ),
    (re.compile(r"^/author/(?P<slug>[^/]+)/(?:page/\d+/)?$"), Origin.Kind.PERSON, Person),
)


def old_archive_target(path: str) -> str | None:
    """Where an old site's category or author page leads now: the section or the writer's page
    an import made of that category or author, or None."""
    for pattern, kind, model in _OLD_ARCHIVES:
        if match := pattern.match(path):
            origins = Origin.objects.filter(
                kind=kind, remote_id__iexact=unquote(match.group("slug"))
            )
            found = model.objects.filter(pk__in=origins.values("object_id")).first()
            return found.get_absolute_url() if found is not None else None
    return None


# --- Staff -----------------------------------------------------------------------------------

ROLES = ("penulis", "editor", "admin")


def role_of(user: Account) -> str | None:
    """The newsroom role of a staff account: admin includes editor, editor includes penulis.

    Worked out once per user object (a request's user lives for one request), so a desk page
    that asks many times costs one query."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return "admin"
    if "_warta_role" not in user.__dict__:
        names = {group.name for group in user.groups.all()}  # prefetched on lists of staff
        user.__dict__["_warta_role"] = next((r for r in reversed(ROLES) if r in names), None)
    role: str | None = user.__dict__["_warta_role"]
    return role


def forget_role(user: User) -> None:
    """After the role changes, the next question asks the database again."""
    user.__dict__.pop("_warta_role", None)


def account_for_reset(identifier: str) -> User | None:
    """The staff account a forgotten-password request names, by user name or e-mail address,
    if a link can reach it: active, with a newsroom role, a password of its own (an imported
    writer's first comes from an admin) and an address."""
    identifier = identifier.strip()
    if not identifier:
        return None
    found = (
        User.objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))
        .filter(is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    for user in found[:2]:
        if role_of(user) is not None and user.has_usable_password():
            return user
    return None


def is_editor(user: Account) -> bool:
    return role_of(user) in ("editor", "admin")


def is_admin(user: Account) -> bool:
    return role_of(user) == "admin"


def is_own(user: Account, article: Article) -> bool:
    """A writer's own article: they created it or stand in its byline.

    visible_articles() says the same for many articles at once (and search compiles it);
    tests/desk/test_staff_search.py checks that they agree."""
    if not user.is_authenticated:
        return False
    if article.created_by_id == user.pk:
        return True
    return any(link.person.user_id == user.pk for link in article.article_writers.all())


S = Article.Status
# action -> who may do it, by role and article state. Every desk view asks here, nowhere else.
RULES: dict[str, Callable[[str, bool, Article], bool]] = {
    "view": lambda role, own, a: role in ("editor", "admin") or own or a.status == S.PUBLISHED,
    "edit": lambda role, own, a: (
        (role in ("editor", "admin") and a.status != S.TAKEN_DOWN) or (own and a.status == S.DRAFT)
    ),
    "submit": lambda role, own, a: (role in ("editor", "admin") or own) and a.status == S.DRAFT,
    "return": lambda role, own, a: (
        role in ("editor", "admin") and a.status in (S.REVIEW, S.SCHEDULED)
    ),
    "publish": lambda role, own, a: (
        role in ("editor", "admin") and a.status not in (S.PUBLISHED, S.TAKEN_DOWN)
    ),
    "schedule": lambda role, own, a: (
        role in ("editor", "admin") and a.status in (S.DRAFT, S.REVIEW)
    ),
    "unschedule": lambda role, own, a: role in ("editor", "admin") and a.status == S.SCHEDULED,
    "unpublish": lambda role, own, a: role in ("editor", "admin") and a.status == S.PUBLISHED,
    "correct": lambda role, own, a: role in ("editor", "admin") and a.status == S.PUBLISHED,
    "take_down": lambda role, own, a: role in ("editor", "admin") and a.status == S.PUBLISHED,
    "people": lambda role, own, a: role in ("editor", "admin"),
    # Paid-content labels and the verification notice (the guideline's points 6 and 2).
    "label": lambda role, own, a: role in ("editor", "admin") and a.status != S.TAKEN_DOWN,
    "embargo": lambda role, own, a: role in ("editor", "admin") and a.status != S.PUBLISHED,
    # Who wrote it: a writer chooses the byline of their own article (co-writers, a
    # contributor, an agency); the editor credit stays the editors' ("people").
    "byline": lambda role, own, a: role in ("editor", "admin") or own,
    "flags": lambda role, own, a: role in ("editor", "admin") and a.status == S.PUBLISHED,
    "preview_link": lambda role, own, a: role in ("editor", "admin") or own,
    # Editorial notes: whoever may see the article may read and write them (no new rule).
    "note": lambda role, own, a: RULES["view"](role, own, a),
    # A live report: its writers and the editors post updates, start and end the coverage.
    "live": lambda role, own, a: (role in ("editor", "admin") or own) and a.status != S.TAKEN_DOWN,
}


def can(user: Account, action: str, article: Article) -> bool:
    role = role_of(user)
    if role is None:
        return False
    return RULES[action](role, is_own(user, article), article)


def search_scope(user: Account) -> ArticleQuerySet | None:
    """What a desk search may show (RULES["view"]): None for everything (editors, admins),
    else visible_articles(user), which the search compiles into its own statement."""
    return None if is_editor(user) else visible_articles(user)


def own_q(user: Account) -> Q:
    """is_own() for many articles at once: created by the user or with them in the byline."""
    if not isinstance(user, User) or role_of(user) is None:
        return Q(pk__in=[])
    in_byline = ArticleWriter.objects.filter(article=OuterRef("pk"), person__user=user)
    return Q(created_by=user) | Q(Exists(in_byline))


def own_articles(user: Account) -> ArticleQuerySet:
    """A staff member's own articles, whatever their role: the desk's "mine" lists."""
    return Article.objects.filter(own_q(user))


def visible_articles(user: Account) -> ArticleQuerySet:
    """The articles a staff member may see (RULES["view"]), as a queryset for lists."""
    if role_of(user) is None:
        return Article.objects.none()
    if is_editor(user):
        return Article.objects.all()
    return Article.objects.filter(Q(status=S.PUBLISHED) | own_q(user))


def articles_with_photo(image_id: int) -> ArticleQuerySet:
    """Articles that show the photo, as their hero or inside their body."""
    marker = f"/renditions/{image_id}/"
    return Article.objects.filter(Q(hero_image_id=image_id) | Q(body__contains=marker))


def may_edit_photo(user: Account, image_id: int) -> bool:
    """Editors may change any photo. A penulis may change only photos that no published or
    scheduled article shows: a new caption there would go live on others' articles unreviewed."""
    role = role_of(user)
    if role is None:
        return False
    if role in ("editor", "admin"):
        return True
    in_print = articles_with_photo(image_id).filter(status__in=(S.PUBLISHED, S.SCHEDULED))
    return not in_print.exists()


def desk_article_queryset() -> ArticleQuerySet:
    articles = Article.objects.select_related(
        "section", "hero_image", "editor", "topic", "current_revision", "created_by", "assignment"
    )
    return _with_byline_and_tags(articles)


def get_article_for_user(user: Account, pk: int, *, action: str = "view") -> Article:
    """The article if this staff member may do `action` to it.

    Articles they may not even see are a 404, so their existence is not revealed; articles
    they may see but not change are a 403.
    """
    try:
        article = desk_article_queryset().get(pk=pk)
    except Article.DoesNotExist:
        raise Http404("No such article") from None
    if not can(user, "view", article):
        raise Http404("No such article")
    if not can(user, action, article):
        raise PermissionDenied(action)
    return article


def token_for_secret(secret: str) -> ApiToken | None:
    """The valid API token behind a secret, with its user, or None: unknown, revoked, expired,
    or its user no longer has a newsroom role."""
    digest = token_digest(secret)
    token = ApiToken.objects.select_related("user").filter(digest=digest).first()
    if token is None or not token.is_valid or role_of(token.user) is None:
        return None
    return token


def get_article_for_preview(token: str) -> Article:
    """The article behind a valid, unrevoked, unexpired preview link, whatever its status."""
    link = PreviewLink.objects.filter(token=token).select_related("article").first()
    if link is None or not link.is_valid:
        raise Http404("No such preview")
    embargo = link.article.embargo_until
    if embargo is not None and embargo > timezone.now():
        raise Http404("Under embargo")
    return article_for_page(link.article_id, published=False)


# --- The newsroom's day: notes, notifications, the plan, live updates ---


def notes_for(user: Account, article: Article) -> list[EditorialNote]:
    """The article's notes as threads (each root note with .thread, its replies), for
    whoever may see the article; nobody else gets any."""
    if not can(user, "note", article):
        return []
    notes = list(
        EditorialNote.objects.filter(article=article).select_related("author", "resolved_by")
    )
    roots = [note for note in notes if note.parent_id is None]
    for root in roots:
        root.thread = [note for note in notes if note.parent_id == root.pk]  # type: ignore[attr-defined]
    return roots


def get_note_for_user(user: Account, article: Article, pk: int) -> EditorialNote:
    if not can(user, "note", article):
        raise Http404("No such note")
    note = EditorialNote.objects.filter(article=article, pk=pk).first()
    if note is None:
        raise Http404("No such note")
    return note


def may_resolve_note(user: Account, note: EditorialNote) -> bool:
    return is_editor(user) or note.author_id == user.pk


def unread_notifications(user: Account) -> int:
    if not isinstance(user, User) or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_of(user: User) -> list[Notification]:
    return list(Notification.objects.filter(user=user)[:100])


def _assignments() -> models.QuerySet[Assignment]:
    members = AssignmentMember.objects.select_related("user").order_by("pk")
    return Assignment.objects.select_related("section", "article").prefetch_related(
        Prefetch("members", queryset=members)
    )


def assignments_of(user: User) -> list[Assignment]:
    """A staff member's open assignments and the last week's finished ones, by deadline."""
    since = timezone.now() - timedelta(days=7)
    return list(
        _assignments()
        .filter(members__user=user)
        .exclude(members__user=user, members__answer=AssignmentMember.Answer.DECLINED)
        .filter(
            Q(
                status__in=[
                    Assignment.Status.ASSIGNED,
                    Assignment.Status.ACCEPTED,
                    Assignment.Status.IN_PROGRESS,
                    Assignment.Status.FILED,
                ]
            )
            | Q(deadline__gte=since)
        )
        .distinct()
    )


def plan_between(start: datetime, end: datetime) -> list[Assignment]:
    """The story budget for a span of time (by deadline): every staff member may read it."""
    return list(_assignments().filter(deadline__gte=start, deadline__lt=end))


def get_assignment_for_user(user: Account, pk: int, *, action: str = "view") -> Assignment:
    """view: any staff; answer: its assignees; draft: its assignees and editors; manage:
    editors."""
    assignment = _assignments().filter(pk=pk).first()
    if assignment is None or role_of(user) is None:
        raise Http404("No such assignment")
    assigned = any(member.user_id == user.pk for member in assignment.members.all())
    allowed = {
        "view": True,
        "answer": assigned,
        "draft": assigned or is_editor(user),
        "manage": is_editor(user),
    }[action]
    if not allowed:
        raise PermissionDenied(action)
    return assignment


def live_updates(article: Article, *, after: int = 0, limit: int = 200) -> list[LiveUpdate]:
    """A live report's updates, newest first (pinned ones are shown apart by the page)."""
    return list(
        LiveUpdate.objects.filter(article=article, pk__gt=after)
        .select_related("image")
        .order_by("-created_at", "-pk")[:limit]
    )


def get_live_update_for_user(user: Account, article: Article, pk: int) -> LiveUpdate:
    if not can(user, "live", article):
        raise PermissionDenied("live")
    update = LiveUpdate.objects.filter(article=article, pk=pk).first()
    if update is None:
        raise Http404("No such update")
    return update


def staff_accounts() -> models.QuerySet[User]:
    """Active accounts with a newsroom role: who can be assigned or @mentioned."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name__in=ROLES))
        .distinct()
        .order_by("first_name", "username")
    )


def assignment_of(article: Article) -> Assignment | None:
    """The plan entry an article was written for, with its brief (joined by
    desk_article_queryset, so no query more)."""
    try:
        return article.assignment
    except Assignment.DoesNotExist:
        return None


def notification_of(user: User, pk: int) -> Notification:
    """One of the user's own notifications; anyone else's is a 404."""
    found = Notification.objects.filter(user=user, pk=pk).first()
    if found is None:
        raise Http404("No such notification")
    return found
