"""Every change to the newsroom's content that has side effects.

Each action is one transaction: the article, its revision and the audit entry change together
or not at all. What lives outside the database (the reader-page cache) is refreshed on commit,
so a rolled-back action leaves no trace and a committed one is seen at once.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from functools import partial
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as Account
from django.db import IntegrityError, models, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html

from warta.lib.html import clean_html, clean_text
from warta.lib.slugs import free_slug, is_reserved, make_slug
from warta.media.models import Image
from warta.media.tasks import make_renditions
from warta.media.uploads import set_focal_point, store_upload
from warta.news import datelines, freshness, listing_dates, revisions, webhooks
from warta.news.access import forget_role, role_of
from warta.news.models import (
    ApiToken,
    Article,
    ArticleView,
    ArticleWriter,
    Assignment,
    AssignmentMember,
    AuditEntry,
    Correction,
    EditorialNote,
    LiveUpdate,
    LiveUpdateVersion,
    Notification,
    NotificationPreference,
    OldAddress,
    Origin,
    Page,
    Person,
    PersonAlias,
    PreviewLink,
    Revision,
    Section,
    SiteSettings,
    Takedown,
    Webhook,
    WireItem,
    WireSource,
    token_digest,
)
from warta.search.index import remove_article, sync_article

# Who acts: a staff account, a reader (never, in practice), or the system (None).
User = Account | AnonymousUser | None
S = Article.Status


class EditConflict(Exception):
    """Someone saved the article after the revision this save started from.

    The rejected text was committed as a revision of its own (`kept`): nothing is lost.
    """

    def __init__(self, latest: Revision, kept: Revision) -> None:
        super().__init__(f"article {latest.article_id} changed since the edit began")
        self.latest = latest
        self.kept = kept


class WorkflowError(Exception):
    """The action no longer fits the article's state: someone else acted first."""


class Embargoed(Exception):
    """The article is under embargo until `until`: it cannot be published or scheduled
    before then."""

    def __init__(self, until: datetime) -> None:
        super().__init__(f"under embargo until {until.isoformat()}")
        self.until = until


def _check_embargo(article: Article, at: datetime) -> None:
    if article.embargo_until is not None and article.embargo_until > at:
        raise Embargoed(article.embargo_until)


def content_changed(*articles: Article, keys: Iterable[str] = ()) -> None:
    """Once the transaction commits, the reader pages that show what changed are stale: those
    of these articles (every list they are on, as freshness.article_keys tells), those named
    by `keys`, or, with neither, every page. Called after the change is written: the tags and
    people among the keys get their newest publication again now (news.listing_dates)."""
    names = set(keys)
    for article in articles:
        names |= freshness.article_keys(article)
    listing_dates.follow(articles, names)
    transaction.on_commit(partial(freshness.bump, names or {freshness.ALL}))


def show_new_renditions(sender: object, image: Image, **kwargs: object) -> None:
    """A photo's renditions were cut after the pages that show it were rendered (a worker cuts
    them after the upload, or after a new crop): those pages, and every list showing one of its
    articles' cards, are stale."""
    shown = list(Article.objects.filter(hero_image=image).select_related("section"))
    if shown:
        content_changed(*shown)


def _actor(by: User) -> Account | None:
    return by if by is not None and by.is_authenticated else None


# The API token a request acts through, if any: every audit entry it causes names it.
_token_name: ContextVar[str | None] = ContextVar("warta_api_token", default=None)


@contextmanager
def acting_through_token(name: str) -> Iterator[None]:
    """Within this block, audit entries say which API token did it."""
    reset = _token_name.set(name)
    try:
        yield
    finally:
        _token_name.reset(reset)


def audit(
    action: str,
    *,
    by: User,
    article: Article | None = None,
    summary: str = "",
    ip: str | None = None,
    **detail: Any,
) -> AuditEntry:
    actor = _actor(by)
    token = _token_name.get()
    if token is not None:
        detail = {**detail, "api_token": token}
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor else "sistem",
        action=action,
        article=article,
        summary=summary[:300],
        detail=detail,
        ip=ip,
    )


def _record(
    article: Article, *, by: User, kind: str, note: str = "", data: dict[str, Any] | None = None
) -> Revision:
    number = (article.revisions.aggregate(top=Max("number"))["top"] or 0) + 1
    return Revision.objects.create(
        article=article,
        number=number,
        kind=kind,
        author=_actor(by),
        note=note,
        data=data if data is not None else revisions.snapshot(article),
    )


def _locked(article: Article, *allowed: str) -> Article:
    """Re-read the article under a row lock, so two actions on it run one after the other."""
    locked = Article.objects.select_for_update().get(pk=article.pk)
    if allowed and locked.status not in allowed:
        raise WorkflowError(locked.status)
    return locked


def _workflow_step(article: Article, *, by: User, action: str, note: str, ip: str | None) -> None:
    article.current_revision = _record(
        article, by=by, kind=Revision.Kind.WORKFLOW, note=f"{action}: {note}".strip(": ")
    )
    article.save()
    sync_article(article)
    audit(action, by=by, article=article, summary=note or article.headline, ip=ip)


def _own_byline(user: Account) -> Person:
    """The account's byline, made from its name the first time it writes."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        name = user.get_full_name() or user.get_username()
        slug = free_slug(name, lambda slug: Person.objects.filter(slug=slug).exists())
        person = Person.objects.create(name=name, slug=slug, roles=["penulis"], user=user)
        audit("person_create", by=user, summary=name)
    return person


@transaction.atomic
def create_article(*, by: User, data: dict[str, Any]) -> Article:
    """A new draft. Without writers in `data`, the author's own byline (made if needed, in the
    same transaction) is the byline."""
    data = revisions.cleaned(data)  # before the first row is written
    actor = _actor(by)
    if not data.get("writers") and actor is not None:
        data = {**data, "writers": [_own_byline(actor).pk]}
    article = Article(
        status=S.DRAFT, created_by=_actor(by), section_id=data["section"], headline=data["headline"]
    )
    article.save()
    applied = revisions.apply(article, data)
    article.current_revision = _record(article, by=by, kind=Revision.Kind.MANUAL, data=applied)
    article.save()
    sync_article(article)
    return article


def save_article(
    article: Article,
    *,
    by: User,
    data: dict[str, Any],
    base_revision: int | None,
    kind: str = Revision.Kind.MANUAL,
) -> Article:
    """Save an edit made from `base_revision`.

    If someone saved in between, the edit is committed as a CONFLICT revision and EditConflict
    is raised after the commit: both texts stay in the history and the caller can offer a merge.
    """
    conflict = None
    with transaction.atomic(durable=True):
        locked = _locked(article)
        if locked.current_revision_id != base_revision:
            kept = _record(locked, by=by, kind=Revision.Kind.CONFLICT, data=revisions.cleaned(data))
            latest = Revision.objects.get(article=locked, pk=locked.current_revision_id or 0)
            conflict = EditConflict(latest, kept)
        else:
            # The lists it was on before the edit (an old section or tag) and those after.
            before = freshness.article_keys(locked) if locked.status == S.PUBLISHED else set()
            applied = revisions.apply(locked, data)
            if locked.status == S.PUBLISHED and kind != Revision.Kind.AUTOSAVE:
                locked.updated_at = timezone.now()
            locked.current_revision = _record(locked, by=by, kind=kind, data=applied)
            locked.save()
            sync_article(locked)
            if locked.status == S.PUBLISHED:
                content_changed(locked, keys=before)
                if kind != Revision.Kind.AUTOSAVE:
                    webhooks.queue(Webhook.Event.UPDATED, locked)
    if conflict:
        raise conflict
    return locked


@transaction.atomic
def restore_revision(article: Article, revision: Revision, *, by: User) -> Article:
    locked = _locked(article)
    before = freshness.article_keys(locked) if locked.status == S.PUBLISHED else set()
    applied = revisions.apply(locked, revision.data)
    locked.current_revision = _record(
        locked, by=by, kind=Revision.Kind.RESTORE, note=f"#{revision.number}", data=applied
    )
    if locked.status == S.PUBLISHED:
        locked.updated_at = timezone.now()
    locked.save()
    sync_article(locked)
    if locked.status == S.PUBLISHED:
        content_changed(locked, keys=before)
        webhooks.queue(Webhook.Event.UPDATED, locked)
    audit("restore", by=by, article=locked, summary=f"#{revision.number}")
    return locked


@transaction.atomic
def submit_article(article: Article, *, by: User, note: str = "", ip: str | None = None) -> Article:
    locked = _locked(article, S.DRAFT)
    locked.status = S.REVIEW
    locked.return_note = ""
    _workflow_step(locked, by=by, action="submit", note=note, ip=ip)
    _advance_assignment(locked, AS.FILED)
    return locked


@transaction.atomic
def return_article(article: Article, *, by: User, note: str, ip: str | None = None) -> Article:
    if not note.strip():
        raise ValueError("a note is required")
    locked = _locked(article, S.REVIEW, S.SCHEDULED)
    locked.status = S.DRAFT
    locked.return_note = note.strip()
    locked.approved_revision = None
    if not locked.first_published_at:
        locked.published_at = None
    _workflow_step(locked, by=by, action="return", note=note, ip=ip)
    _advance_assignment(locked, AS.IN_PROGRESS)
    _tell_writers(
        locked,
        kind=Notification.Kind.RETURNED,
        text=f"{locked.headline}: {note.strip()[:200]}",
        by=by,
    )
    return locked


@transaction.atomic
def publish_article(
    article: Article,
    *,
    by: User,
    at: datetime | None = None,
    updated: datetime | None = None,
    note: str = "",
    ip: str | None = None,
) -> Article:
    """Publish now, or with an explicit publication time and last update (imports, the demo
    newsroom)."""
    locked = _locked(article)
    if (locked.status == S.PUBLISHED and at is None) or locked.status == S.TAKEN_DOWN:
        raise WorkflowError(locked.status)
    _check_embargo(locked, timezone.now())
    before = freshness.article_keys(locked)  # an import may move it to another day
    # Publishing again with a new time (imports) updates what subscribers already have.
    event = Webhook.Event.UPDATED if locked.status == S.PUBLISHED else Webhook.Event.PUBLISHED
    now = timezone.now()
    locked.status = S.PUBLISHED
    locked.published_at = at or (locked.published_at if locked.first_published_at else None) or now
    locked.first_published_at = locked.first_published_at or locked.published_at
    if locked.updated_at is None or locked.updated_at < locked.published_at:
        locked.updated_at = locked.published_at
    if updated is not None and updated > locked.published_at:
        locked.updated_at = updated
    locked.approved_revision = None
    locked.return_note = ""
    locked.schedule_error = ""
    _workflow_step(locked, by=by, action="publish", note=note, ip=ip)
    content_changed(locked, keys=before)
    webhooks.queue(event, locked)
    _advance_assignment(locked, AS.DONE)
    if at is None:  # the newsroom publishing, not an archive coming in
        _tell_writers(locked, kind=Notification.Kind.PUBLISHED, text=locked.headline, by=by)
    return locked


@transaction.atomic
def schedule_article(
    article: Article, *, by: User, at: datetime, note: str = "", ip: str | None = None
) -> Article:
    if at <= timezone.now():
        raise ValueError("the time must be in the future")
    locked = _locked(article, S.DRAFT, S.REVIEW)
    _check_embargo(locked, at)
    locked.status = S.SCHEDULED
    locked.published_at = at
    locked.schedule_error = ""
    _workflow_step(locked, by=by, action="schedule", note=note, ip=ip)
    locked.approved_revision = locked.current_revision
    locked.save(update_fields=["approved_revision"])
    return locked


@transaction.atomic
def unschedule_article(
    article: Article, *, by: User, note: str = "", ip: str | None = None
) -> Article:
    locked = _locked(article, S.SCHEDULED)
    locked.status = S.REVIEW
    locked.published_at = locked.first_published_at
    locked.approved_revision = None
    _workflow_step(locked, by=by, action="unschedule", note=note, ip=ip)
    return locked


@transaction.atomic
def publish_scheduled(article: Article, *, now: datetime | None = None) -> Article | None:
    """The worker's step: publish the approved revision of a due article, exactly once."""
    locked = Article.objects.select_for_update().filter(pk=article.pk, status=S.SCHEDULED).first()
    if (
        locked is None
        or locked.published_at is None
        or locked.published_at > (now or timezone.now())
        or (locked.embargo_until is not None and locked.embargo_until > (now or timezone.now()))
    ):
        return None
    approved = locked.approved_revision
    if approved is not None and approved.pk != locked.current_revision_id:
        # Later drafts stay in the history; readers get what the editor approved.
        revisions.apply(locked, approved.data)
        locked.current_revision = _record(
            locked,
            by=None,
            kind=Revision.Kind.WORKFLOW,
            note="publish: revisi yang disetujui",
            data=approved.data,
        )
    when = locked.published_at
    locked.status = S.PUBLISHED
    locked.first_published_at = locked.first_published_at or when
    locked.updated_at = max(locked.updated_at or when, when)
    locked.approved_revision = None
    locked.schedule_error = ""
    locked.save()
    sync_article(locked)
    audit("publish", by=None, article=locked, summary="terbit terjadwal")
    content_changed(locked)
    webhooks.queue(Webhook.Event.PUBLISHED, locked)
    _advance_assignment(locked, AS.DONE)
    _tell_writers(locked, kind=Notification.Kind.PUBLISHED, text=locked.headline, by=None)
    return locked


@transaction.atomic
def record_schedule_failure(article: Article, *, error: str) -> None:
    """The worker could not publish a due article: the desk shows why, the log keeps it."""
    Article.objects.filter(pk=article.pk).update(schedule_error=error[:500])
    audit("schedule_failed", by=None, article=article, summary=error)


@transaction.atomic
def delete_article(article: Article, *, by: User, ip: str | None = None) -> None:
    """Delete an article for good (superusers, from the admin): its search entry goes with it,
    and every reader page that listed it is refreshed."""
    locked = _locked(article)
    remove_article(locked.pk)
    if locked.first_published_at:
        webhooks.queue(Webhook.Event.TAKEN_DOWN, locked)
    audit("article_delete", by=by, summary=f"#{locked.pk} {locked.headline}", ip=ip)
    keys = freshness.article_keys(locked)  # while its tags and writers are still there
    locked.delete()
    content_changed(keys=keys)


@transaction.atomic
def unpublish_article(article: Article, *, by: User, reason: str, ip: str | None = None) -> Article:
    if not reason.strip():
        raise ValueError("a reason is required")
    locked = _locked(article, S.PUBLISHED)
    locked.status = S.UNPUBLISHED
    locked.is_headline = False
    locked.breaking_until = None
    _workflow_step(locked, by=by, action="unpublish", note=reason, ip=ip)
    content_changed(locked)
    webhooks.queue(Webhook.Event.UNPUBLISHED, locked)
    return locked


@transaction.atomic
def correct_article(
    article: Article,
    *,
    by: User,
    kind: str,
    text: str,
    data: dict[str, Any] | None = None,
    ip: str | None = None,
) -> Correction:
    """A public correction, with the corrected text (if any) as a new revision."""
    if not text.strip():
        raise ValueError("the correction text is required")
    locked = _locked(article, S.PUBLISHED)
    now = timezone.now()
    correction = Correction.objects.create(
        article=locked, kind=kind, text=text.strip(), created_by=_actor(by), created_at=now
    )
    before = freshness.article_keys(locked)  # a corrected rubric or tag: the lists it left
    applied = revisions.apply(locked, data) if data is not None else None
    locked.updated_at = now
    locked.current_revision = _record(
        locked,
        by=by,
        kind=Revision.Kind.CORRECTION,
        note=f"{correction.get_kind_display()}: {text.strip()}",
        data=applied,
    )
    locked.save()
    sync_article(locked)
    audit(
        "correct",
        by=by,
        article=locked,
        summary=f"{correction.get_kind_display()}: {text.strip()}",
        ip=ip,
    )
    content_changed(locked, keys=before)
    webhooks.queue(Webhook.Event.CORRECTED, locked)
    _tell_writers(
        locked,
        kind=Notification.Kind.CORRECTED,
        text=f"{locked.headline}: {text.strip()[:200]}",
        by=by,
    )
    return correction


@transaction.atomic
def set_breaking(article: Article, *, by: User, until: datetime | None) -> Article:
    locked = _locked(article)
    if until is not None and locked.is_sponsored:
        raise WorkflowError("paid content is never breaking news")
    locked.breaking_until = until
    locked.save(update_fields=["breaking_until", "modified_at"])
    audit(
        "breaking",
        by=by,
        article=locked,
        summary=f"sampai {until:%Y-%m-%d %H:%M}" if until else "dicabut",
    )
    content_changed(keys={freshness.CONTENT})  # the breaking bar is on the home page
    return locked


@transaction.atomic
def set_home_headlines(ordered: list[Article], *, by: User) -> None:
    """The first article is the headline, the next ones (up to 6) the sub-headlines."""
    Article.objects.filter(is_headline=True).update(is_headline=False, headline_position=0)
    for position, article in enumerate(ordered[:7], start=1):
        # The headline block is the newsroom's own journalism: never paid content.
        Article.objects.filter(pk=article.pk, status=S.PUBLISHED, kind=Article.Kind.NEWS).update(
            is_headline=True, headline_position=position
        )
    audit("curate", by=by, summary=", ".join(str(article.pk) for article in ordered[:7]))
    content_changed(keys={freshness.CONTENT})


def record_article_view(article_id: int, *, at: datetime | None = None) -> None:
    """Add one read to the article's counter for the current hour."""
    record_article_reads({article_id: 1}, at=at)


@transaction.atomic
def record_article_reads(counts: dict[int, int], *, at: datetime | None = None) -> None:
    """Add reads to the articles' counters for the hour of `at`, in one transaction: what a
    process's read buffer holds (public/reads.py). Articles readers may not see are skipped."""
    hour = (at or timezone.now()).replace(minute=0, second=0, microsecond=0)
    for article_id in sorted(article.pk for article in Article.objects.published_among(counts)):
        count = counts[article_id]
        for _attempt in range(2):
            updated = ArticleView.objects.filter(article_id=article_id, hour=hour).update(
                count=F("count") + count
            )
            if updated:
                break
            try:
                with transaction.atomic():
                    ArticleView.objects.create(article_id=article_id, hour=hour, count=count)
                break
            except IntegrityError:
                continue  # another process created the row first: count on it


def purge_old_views(*, older_than: timedelta = timedelta(days=14)) -> int:
    deleted, _ = ArticleView.objects.filter(hour__lt=timezone.now() - older_than).delete()
    return deleted


PREVIEW_VALID_FOR = timedelta(hours=48)


@transaction.atomic
def create_preview_link(article: Article, *, by: User) -> PreviewLink:
    link = PreviewLink.objects.create(
        article=article,
        token=secrets.token_urlsafe(32),
        created_by=_actor(by),
        expires_at=timezone.now() + PREVIEW_VALID_FOR,
    )
    audit("preview_link", by=by, article=article, summary="dibuat")
    return link


@transaction.atomic
def revoke_preview_link(link: PreviewLink, *, by: User) -> None:
    live = PreviewLink.objects.filter(pk=link.pk, revoked_at__isnull=True)
    live.update(revoked_at=timezone.now())
    audit("preview_link", by=by, article=link.article, summary="dicabut")


@transaction.atomic
def set_staff_role(
    user: Account, *, role: str | None, active: bool, by: User, ip: str | None = None
) -> None:
    """Give a staff account one newsroom role (or none), and switch it on or off."""
    from django.contrib.auth.models import Group

    roles = list(Group.objects.filter(name__in=("penulis", "editor", "admin")))
    user.groups.remove(*roles)
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    user.is_active = active
    user.is_staff = bool(role)
    user.save(update_fields=["is_active", "is_staff"])
    forget_role(user)
    audit(
        "role",
        by=by,
        summary=f"{user.get_username()}: {role or '-'}{'' if active else ' (nonaktif)'}",
        ip=ip,
    )


def _name_parts(name: str) -> tuple[str, str]:
    """A staff name as Django keeps it: the given name, then the rest as family name."""
    first, _, rest = " ".join(name.split()).partition(" ")
    return first, rest


@transaction.atomic
def create_staff_account(
    *,
    username: str,
    password: str | None,
    role: str | None,
    by: User,
    active: bool = True,
    email: str = "",
    name: str = "",
    superuser: bool = False,
    person: Person | None = None,
    ip: str | None = None,
) -> Account:
    """A staff account with its newsroom role (and byline, if given), all or nothing. The
    password must already have passed Django's validators; None leaves the account without
    one until an admin sets it (imported writers)."""
    first_name, last_name = _name_parts(name)
    user = get_user_model().objects.create_user(
        username, email=email, password=password, first_name=first_name, last_name=last_name
    )
    if superuser:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    set_staff_role(user, role=role, active=active, by=by, ip=ip)
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    return user


@transaction.atomic
def set_staff_password(user: Account, *, password: str, by: User, ip: str | None = None) -> None:
    """A new password for a staff account; it must already have passed Django's validators."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit("password", by=by, summary=user.get_username(), ip=ip)


@transaction.atomic
def request_password_reset(user: Account, *, ip: str | None = None) -> None:
    """Send a staff account a one-time link to set a new password (by the worker, once the
    request is recorded): access.account_for_reset says which accounts a link can reach."""
    from warta.news.tasks import email_password_reset

    audit("password_reset", by=None, summary=user.get_username(), ip=ip)
    transaction.on_commit(lambda: email_password_reset.enqueue(user.pk))


@transaction.atomic
def set_staff_profile(
    user: Account, *, name: str, email: str | None = None, by: User, ip: str | None = None
) -> None:
    """The name the desk shows a staff account by (the plan, notes, history), given name first
    and the rest as family name, and the address its notifications go to (None: unchanged)."""
    user.first_name, user.last_name = _name_parts(name)
    name = user.get_full_name()
    fields = ["first_name", "last_name"]
    if email is not None:
        user.email = email.strip()
        fields.append("email")
    user.save(update_fields=fields)
    audit("staff_profile", by=by, summary=f"{user.get_username()}: {name}", ip=ip)


@transaction.atomic
def save_site_record(record: Any, *, by: User, ip: str | None = None) -> Any:
    """Save a section, person, tag, static page, topic or search synonym; every reader page
    shows it once committed. A static page's body goes through the HTML allowlist here."""
    created = record.pk is None
    if isinstance(record, Page):
        record.body = clean_html(record.body)
    record.full_clean()
    record.save()
    kind = record._meta.model_name
    audit(f"{kind}_{'create' if created else 'update'}", by=by, summary=str(record)[:300], ip=ip)
    content_changed()
    return record


@transaction.atomic
def save_site_settings(
    site: SiteSettings, *, changed: list[str], by: User, ip: str | None = None
) -> SiteSettings:
    """Save what admins set about the site; every reader page shows it once committed."""
    site.pk = 1
    site.full_clean()
    site.save()
    audit("settings_update", by=by, summary=", ".join(changed)[:300], ip=ip, changed=changed)
    content_changed()
    return site


@transaction.atomic
def delete_site_record(record: Any, *, by: User, ip: str | None = None) -> None:
    """Delete a site record (a search synonym, say); reader pages forget it once committed."""
    kind = record._meta.model_name
    summary = str(record)[:300]
    record.delete()
    audit(f"{kind}_delete", by=by, summary=summary, ip=ip)
    content_changed()


# --- Photos ---------------------------------------------------------------------------------

# What the photo desk may change on a stored photo besides its focal point.
PHOTO_EDITABLE = ("caption", "credit", "alt_text", "usage_note", "photographer")


def upload_photo(
    uploaded_file: IO[bytes], *, by: Any, ip: str | None = None, **fields: Any
) -> Image:
    """Store an upload (see store_upload) and record who brought it in, from where; its crops
    are cut by the worker as soon as this commits."""
    with transaction.atomic():
        image = store_upload(uploaded_file, by=by, **fields)
        audit("photo_upload", by=by, summary=image.caption, ip=ip, image=image.pk)
        _cut_on_commit(image)
    return image


def _cut_on_commit(image: Image) -> None:
    """The worker cuts the photo's renditions once the transaction commits (never for a
    rolled-back one); its periodic sweep catches any task that was lost."""
    image_id = image.pk
    transaction.on_commit(lambda: make_renditions.enqueue(image_id))


@transaction.atomic
def edit_photo(
    image: Image, *, by: Any, focal: tuple[float, float], ip: str | None = None, **fields: Any
) -> bool:
    """Change a photo's words and focal point; True when its crops must be cut again.

    Every page that shows the photo, as a hero or inside a body, shows the new caption and
    credit once this commits (media.html.current_figures); the new crops follow when the
    worker has cut them.
    """
    changed = [
        name for name in PHOTO_EDITABLE if name in fields and getattr(image, name) != fields[name]
    ]
    for name in changed:
        setattr(image, name, fields[name])
    if changed:
        image.save(update_fields=changed)
    version = image.version
    set_focal_point(image, *focal, by=by)
    if image.version != version:
        changed.append("focal_point")
    if changed:
        audit("photo_edit", by=by, summary=image.caption, ip=ip, image=image.pk, changed=changed)
        content_changed()
    if image.version != version:
        _cut_on_commit(image)
    return image.version != version


# --- API tokens -----------------------------------------------------------------------------

TOKEN_PREFIX = "warta_"  # noqa: S105 - a marker for secret scanners, not a secret
# Writing "last used" on every call would make each API read a write; once a minute is enough.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


@transaction.atomic
def create_api_token(
    user: Account,
    *,
    name: str,
    by: User,
    expires_at: datetime | None = None,
    ip: str | None = None,
) -> tuple[ApiToken, str]:
    """A new token for `user` and its secret, which is shown once and never stored."""
    name = " ".join(name.split())[:80]
    if not name:
        raise ValueError("a token needs a name")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        digest=token_digest(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 4],
        expires_at=expires_at,
    )
    audit("api_token", by=by, summary=f"{user.get_username()}: {name} dibuat", ip=ip)
    return token, secret


@transaction.atomic
def revoke_api_token(token: ApiToken, *, by: User, ip: str | None = None) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit("api_token", by=by, summary=f"{token.user.get_username()}: {token.name} dicabut", ip=ip)


def note_token_use(token: ApiToken, *, ip: str | None) -> None:
    """Remember when and from where a token was last used, at most once a minute."""
    now = timezone.now()
    recent = token.last_used_at and now - token.last_used_at < TOKEN_USE_RESOLUTION
    if recent and token.last_used_ip == ip:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=ip)
    token.last_used_at, token.last_used_ip = now, ip


# --- Imports ----------------------------------------------------------------------------------


def remember_origin(
    *,
    source: str,
    kind: str,
    remote_id: str,
    obj: Any,
    url: str = "",
    digest: str = "",
    revision_id: int | None = None,
) -> Origin:
    """Note where an imported record came from, in the transaction that imported it."""
    origin, _created = Origin.objects.update_or_create(
        source=source,
        kind=kind,
        remote_id=remote_id,
        defaults={
            "object_id": obj.pk,
            "url": url[:500],
            "digest": digest,
            "revision_id": revision_id,
            "imported_at": timezone.now(),
        },
    )
    return origin


def record_old_address(article: Article, path: str) -> None:
    """Answer an address from the old site with a permanent redirect to the article; an address
    already pointing elsewhere moves to this article (the newer import wins)."""
    if not path.startswith("/") or len(path) > 500:
        raise ValueError(f"not a site path: {path[:80]}")
    OldAddress.objects.update_or_create(path=path, defaults={"article": article})


@transaction.atomic
def import_person(
    *, source: str, remote_id: str, name: str, by: User, email: str = "", account: bool = False
) -> Person:
    """A byline from another system (a WordPress author), once per source and id; with
    `account`, also a penulis account without a password, for an admin to hand over."""
    origin = Origin.objects.filter(source=source, kind=Origin.Kind.PERSON, remote_id=remote_id)
    person = Person.objects.filter(pk__in=origin.values("object_id")).first()
    if person is None:
        slug = free_slug(remote_id or name, lambda s: Person.objects.filter(slug=s).exists(), 120)
        person = save_site_record(
            Person(name=clean_text(name)[:120] or slug, slug=slug, roles=["penulis"]), by=by
        )
        remember_origin(source=source, kind=Origin.Kind.PERSON, remote_id=remote_id, obj=person)
    taken = get_user_model().objects.filter(username=remote_id).exists()
    if account and person.user_id is None and not taken and remote_id:
        create_staff_account(
            username=remote_id, password=None, role="penulis", by=by, email=email, person=person
        )
    return person


@transaction.atomic
def import_section(*, source: str, remote_id: str, name: str, by: User, parent: Any = None) -> Any:
    """A section for an imported category: the newsroom's own section of that address when
    it has one, else a new one (under `parent`) with an address no reader page uses."""
    origin = Origin.objects.filter(source=source, kind=Origin.Kind.SECTION, remote_id=remote_id)
    section = Section.objects.filter(pk__in=origin.values("object_id")).first()
    if section is None:
        slug = make_slug(remote_id or name)
        section = Section.objects.filter(slug=slug).first()
        if section is None:
            slug = free_slug(
                slug if not is_reserved(slug) else f"rubrik-{slug}",
                lambda s: is_reserved(s) or Section.objects.filter(slug=s).exists(),
            )
            # After the newsroom's own sections, and out of the menu until an admin puts it
            # there: an old site may have dozens of categories.
            last = Section.objects.aggregate(last=Max("order"))["last"] or 0
            section = save_site_record(
                Section(
                    name=clean_text(name)[:80] or slug,
                    slug=slug,
                    parent=parent,
                    order=min(last + 1, 32767),
                    in_menu=False,
                ),
                by=by,
            )
        remember_origin(source=source, kind=Origin.Kind.SECTION, remote_id=remote_id, obj=section)
    return section


@transaction.atomic
def import_page(
    *, source: str, remote_id: str, digest: str, title: str, slug: str, body: str, by: User
) -> tuple[Page, str]:
    """A static page (About us, Contact) from another system: created, updated when it changed
    at its source, or "kept" when an admin changed it here since the last import."""
    origin = (
        Origin.objects.select_for_update()
        .filter(source=source, kind=Origin.Kind.PAGE, remote_id=remote_id)
        .first()
    )
    page = Page.objects.filter(pk=origin.object_id).first() if origin else None
    if page is not None and origin is not None:
        if origin.digest == digest:
            return page, "unchanged"
        if page.updated_at > origin.imported_at:
            return page, "kept"
        page.title, page.body, outcome = title, body, "updated"
    else:
        free = free_slug(slug or title, lambda s: Page.objects.filter(slug=s).exists())
        page, outcome = Page(title=title, slug=free, body=body, in_footer=False), "created"
    save_site_record(page, by=by)
    remember_origin(
        source=source, kind=Origin.Kind.PAGE, remote_id=remote_id, obj=page, digest=digest
    )
    return page, outcome


def import_photo(
    uploaded_file: IO[bytes], *, source: str, remote_id: str, url: str, by: User, **fields: Any
) -> Image:
    """A photo from another system's media library, stored and validated like an upload."""
    with transaction.atomic():
        image = upload_photo(uploaded_file, by=by, **fields)
        remember_origin(
            source=source, kind=Origin.Kind.PHOTO, remote_id=remote_id, obj=image, url=url
        )
    return image


@transaction.atomic
def import_article(
    *,
    source: str,
    remote_id: str,
    digest: str,
    data: dict[str, Any],
    state: str,
    at: datetime | None,
    addresses: list[str],
    link: str = "",
    by: User,
) -> tuple[Article | None, str]:
    """One post from another system, all or nothing: created, updated when it changed at its
    source, or left alone. Returns the article and what happened: "created", "updated",
    "unchanged", "kept" (an editor changed it here since the last import: their work stays)
    or "deleted" (deleted here: not brought back).

    `state` is "published" (at `at`), "scheduled" (for `at`) or "draft".
    """
    origin = (
        Origin.objects.select_for_update()
        .filter(source=source, kind=Origin.Kind.ARTICLE, remote_id=remote_id)
        .first()
    )
    article = Article.objects.filter(pk=origin.object_id).first() if origin else None
    if origin is not None and article is None:
        return None, "deleted"
    if article is not None and origin is not None:
        if origin.digest == digest:
            outcome = "unchanged"
        elif article.current_revision_id != origin.revision_id:
            return article, "kept"
        else:
            locked = _locked(article)
            before = freshness.article_keys(locked)  # the lists it may leave
            applied = revisions.apply(locked, data)
            locked.current_revision = _record(
                locked, by=by, kind=Revision.Kind.MANUAL, note=f"impor: {source}", data=applied
            )
            if locked.status == S.PUBLISHED:
                locked.updated_at = timezone.now()
            locked.save()
            sync_article(locked)
            if locked.status == S.PUBLISHED:
                content_changed(locked, keys=before)
                webhooks.queue(Webhook.Event.UPDATED, locked)
            article, outcome = locked, "updated"
    else:
        article, outcome = create_article(by=by, data=data), "created"
    if outcome != "unchanged":
        if (
            state == "published"
            and at is not None
            and (article.status != S.PUBLISHED or article.published_at != at)
        ):
            article = publish_article(article, by=by, at=at, note="impor")
        elif state == "scheduled" and at is not None and article.status in (S.DRAFT, S.REVIEW):
            article = schedule_article(article, by=by, at=at, note="impor")
        article.refresh_from_db()
        remember_origin(
            source=source,
            kind=Origin.Kind.ARTICLE,
            remote_id=remote_id,
            obj=article,
            url=link,
            digest=digest,
            revision_id=article.current_revision_id,
        )
        audit("import", by=by, article=article, summary=f"{source} #{remote_id}: {outcome}")
    for path in addresses:
        record_old_address(article, path)
    return article, outcome


# --- Wires ------------------------------------------------------------------------------------


@transaction.atomic
def claim_due_wire_sources(now: datetime | None = None) -> list[int]:
    """The active wire sources whose time to be polled has come, each moved on by its interval
    in the same transaction, so two workers never poll the same feed twice over."""
    now = now or timezone.now()
    due = list(
        WireSource.objects.select_for_update(skip_locked=True)
        .filter(active=True)
        .filter(models.Q(next_check_at__isnull=True) | models.Q(next_check_at__lte=now))
    )
    for source in due:
        source.next_check_at = now + timedelta(minutes=source.interval)
        source.save(update_fields=["next_check_at"])
    return [source.pk for source in due]


def _checked(source: WireSource, **fields: Any) -> None:
    now = timezone.now()
    fields = {
        "checked_at": now,
        "next_check_at": now + timedelta(minutes=source.interval),
        **fields,
    }
    WireSource.objects.filter(pk=source.pk).update(**fields)


@transaction.atomic
def file_wire_items(
    source: WireSource,
    entries: list[dict[str, Any]],
    *,
    etag: str = "",
    last_modified: str = "",
) -> int:
    """File a feed's new entries in the Kawat inbox; an entry seen before (same GUID) is not
    filed twice. Titles are plain text, bodies pass the HTML allowlist. Returns how many
    were new."""
    guids = [str(entry["guid"])[:500] for entry in entries]
    seen = set(
        WireItem.objects.filter(source=source, guid__in=guids).values_list("guid", flat=True)
    )
    new = []
    for guid, entry in zip(guids, entries, strict=True):
        if guid in seen:
            continue
        seen.add(guid)
        summary = clean_text(entry.get("summary") or "")
        title = clean_text(entry.get("title") or "") or summary[:120] or "(tanpa judul)"
        new.append(
            WireItem(
                source=source,
                guid=guid,
                link=str(entry.get("link") or "")[:500],
                title=title[:300],
                summary=summary[:2000],
                body=clean_html(entry.get("body") or ""),
                author=clean_text(entry.get("author") or "")[:200],
                published_at=entry.get("published_at"),
            )
        )
    WireItem.objects.bulk_create(new)
    _checked(source, etag=etag[:250], last_modified=last_modified[:100], last_error="")
    return len(new)


def record_wire_check(source: WireSource, *, error: str = "") -> None:
    """A poll that brought nothing new (304), or failed: the desk shows why."""
    _checked(source, last_error=error[:500])


@transaction.atomic
def draft_from_wire(item: WireItem, *, by: Account, section: Section | None = None) -> Article:
    """A draft of a wire story for the staff member who asked: its words, the wire's credit at
    the foot ("sumber: Antara", linked to the story at the wire), and the item marked used with
    a link to the draft."""
    locked = WireItem.objects.select_for_update().select_related("source").get(pk=item.pk)
    source = locked.source
    target = section or source.section
    if target is None:
        raise ValueError("the wire source has no default section")
    credit = (
        format_html('<p>(sumber: <a href="{}">{}</a>)</p>', locked.link, source.credit)
        if locked.link.startswith(("http://", "https://"))
        else format_html("<p>(sumber: {})</p>", source.credit)
    )
    # Wire copy opens with the agency's dateline: the city becomes the draft's own.
    city, body = datelines.split_dateline(locked.body or format_html("<p>{}</p>", locked.summary))
    article = create_article(
        by=by,
        data={
            "headline": locked.title,
            "summary": locked.summary[:400],
            "dateline_city": city[:60],
            "body": f"{body}{credit}",
            "section": target.pk,
        },
    )
    locked.status = WireItem.Status.USED
    locked.article = article
    locked.save(update_fields=["status", "article"])
    audit("wire_draft", by=by, article=article, summary=f"{source.name}: {locked.title}")
    return article


@transaction.atomic
def set_wire_item_status(item: WireItem, *, status: str, by: Account) -> None:
    if status not in WireItem.Status.values:
        raise ValueError(f"unknown status {status}")
    WireItem.objects.filter(pk=item.pk).update(status=status)
    audit("wire_status", by=by, summary=f"{item.title[:200]}: {status}")


# --- Webhooks ---------------------------------------------------------------------------------


@transaction.atomic
def save_webhook(
    hook: Webhook, *, by: User, new_secret: bool = False, ip: str | None = None
) -> Webhook:
    """Save an endpoint; a new one (or one asked for) gets a fresh signing secret."""
    created = hook.pk is None
    if created or new_secret or not hook.secret:
        hook.secret = secrets.token_hex(32)
    hook.events = [event for event in Webhook.Event.values if event in hook.events]
    hook.full_clean()
    hook.save()
    what = "new secret" if new_secret else ", ".join(hook.events)
    audit(f"webhook_{'create' if created else 'update'}", by=by, summary=f"{hook}: {what}", ip=ip)
    return hook


# --- People -----------------------------------------------------------------------------------


@transaction.atomic
def propose_person(*, name: str, role: str, by: User, ip: str | None = None) -> Person:
    """A new byline a writer needs now (a contributor, an agency): usable at once, marked for
    an editor to confirm."""
    clean = clean_text(name)[:120]
    if not clean:
        raise ValueError("a person needs a name")
    slug = free_slug(clean, lambda s: Person.objects.filter(slug=s).exists(), 120)
    person = Person(name=clean, slug=slug, roles=[role], confirmed=False)
    person.full_clean()
    person.save()
    audit("person_propose", by=by, summary=clean, ip=ip)
    content_changed()
    return person


@transaction.atomic
def merge_people(*, keep: Person, gone: Person, by: User, ip: str | None = None) -> Person:
    """Two entries that are one person become one: bylines (without doubling one in the same
    article), editor credits, photo credits and the staff account move to `keep`; the other's
    address redirects to it."""
    from warta.media.models import Image

    if keep.pk == gone.pk:
        raise ValueError("a person cannot be merged into itself")
    moved = list(ArticleWriter.objects.filter(person=gone).select_related("article"))
    for link in moved:
        if ArticleWriter.objects.filter(article_id=link.article_id, person=keep).exists():
            link.delete()
        else:
            link.person = keep
            link.save(update_fields=["person"])
    Article.objects.filter(editor=gone).update(editor=keep)
    Image.objects.filter(photographer=gone).update(photographer=keep)
    if gone.user_id and not keep.user_id:
        keep.user_id, gone.user_id = gone.user_id, None
        gone.save(update_fields=["user"])
    keep.roles = list(dict.fromkeys([*keep.roles, *gone.roles]))
    keep.bio = keep.bio or gone.bio
    keep.photo_id = keep.photo_id or gone.photo_id
    keep.confirmed = True
    keep.save()
    PersonAlias.objects.filter(person=gone).update(person=keep)
    PersonAlias.objects.update_or_create(slug=gone.slug, defaults={"person": keep})
    summary = f"{gone.name} → {keep.name}"
    gone.delete()
    for article in Article.objects.filter(pk__in={link.article_id for link in moved}):
        sync_article(article)
    listing_dates.recount(Person, [keep.pk])  # the newest of both
    audit("person_merge", by=by, summary=summary, ip=ip)
    content_changed()
    return keep


@transaction.atomic
def set_embargo(
    article: Article, *, until: datetime | None, by: User, ip: str | None = None
) -> Article:
    """Put an article under embargo until a moment (None lifts it). Not on a published
    article, and never past the time it is scheduled for: the schedule moves first."""
    locked = _locked(article, S.DRAFT, S.REVIEW, S.SCHEDULED, S.UNPUBLISHED)
    if until is not None and until <= timezone.now():
        raise ValueError("the embargo must end in the future")
    scheduled_for = locked.published_at if locked.status == S.SCHEDULED else None
    if until is not None and scheduled_for is not None and scheduled_for < until:
        raise Embargoed(until)
    locked.embargo_until = until
    locked.save(update_fields=["embargo_until"])
    summary = timezone.localtime(until).strftime("%Y-%m-%d %H:%M") if until else "dicabut"
    audit("embargo", by=by, article=locked, summary=summary, ip=ip)
    return locked


@transaction.atomic
def take_down_article(
    article: Article, *, by: User, reason: str, text: str, ip: str | None = None
) -> Takedown:
    """Take a published article down for one of the reasons the guideline allows, with a
    public text. It leaves every reader list at once; its address answers 410 with what, when
    and why; its text stays in the revisions. There is no way back: a new article is."""
    if reason not in Takedown.Reason.values:
        raise ValueError("a takedown needs one of the guideline's reasons")
    public = clean_text(text)
    if not public:
        raise ValueError("a takedown needs a public text")
    locked = _locked(article, S.PUBLISHED)
    locked.status = S.TAKEN_DOWN
    locked.is_headline = False
    locked.breaking_until = None
    takedown = Takedown.objects.create(
        article=locked, reason=reason, text=public[:2000], created_by=_actor(by)
    )
    _workflow_step(locked, by=by, action="take_down", note=public, ip=ip)
    content_changed(locked)
    webhooks.queue(Webhook.Event.TAKEN_DOWN, locked)
    return takedown


@transaction.atomic
def set_sponsorship(
    article: Article, *, kind: str, sponsor: str = "", by: User, ip: str | None = None
) -> Article:
    """Label an article as news, an advertorial or sponsored content, with the sponsor's name.
    Editors decide it, never the writer; the label follows the article everywhere at once."""
    if kind not in Article.Kind.values:
        raise ValueError("unknown article type")
    locked = _locked(article, S.DRAFT, S.REVIEW, S.SCHEDULED, S.PUBLISHED, S.UNPUBLISHED)
    locked.kind = kind
    locked.sponsor = clean_text(sponsor)[:120] if kind != Article.Kind.NEWS else ""
    if locked.is_sponsored:
        # The headline block and the breaking bar are the newsroom's own journalism.
        locked.is_headline = False
        locked.breaking_until = None
    locked.save(update_fields=["kind", "sponsor", "is_headline", "breaking_until"])
    summary = f"{locked.get_kind_display()} {locked.sponsor}".strip()
    audit("sponsorship", by=by, article=locked, summary=summary, ip=ip)
    if locked.status == S.PUBLISHED:
        content_changed(locked)
        webhooks.queue(Webhook.Event.UPDATED, locked)
    return locked


@transaction.atomic
def set_verification_notice(
    article: Article, *, text: str, by: User, note: str = "", ip: str | None = None
) -> Article:
    """Put the guideline's verification notice on an article (point 2), or take it off. Taking
    it off needs a note saying why; both stay in the article's history."""
    notice = clean_text(text)[:300]
    locked = _locked(article, S.DRAFT, S.REVIEW, S.SCHEDULED, S.PUBLISHED, S.UNPUBLISHED)
    reason = clean_text(note)
    if not notice and locked.verification_notice and not reason:
        raise ValueError("removing the verification notice needs a note")
    if notice == locked.verification_notice:
        return locked
    locked.verification_notice = notice
    action = "verification_notice" if notice else "verification_removed"
    summary = f"{notice or locked.headline} {reason}".strip()
    locked.current_revision = _record(
        locked, by=by, kind=Revision.Kind.WORKFLOW, note=f"{action}: {reason or notice}"
    )
    if locked.status == S.PUBLISHED:
        locked.updated_at = timezone.now()
    locked.save()
    audit(action, by=by, article=locked, summary=summary, ip=ip)
    if locked.status == S.PUBLISHED:
        content_changed(locked)
        webhooks.queue(Webhook.Event.UPDATED, locked)
    return locked


@transaction.atomic
def link_verification(
    article: Article, *, update: Article | None, by: User, ip: str | None = None
) -> Article:
    """Name the later article that carries the verification: each then links to the other
    (the guideline's "berita pemutakhiran"). The notice stays, now pointing to the update."""
    locked = _locked(article, S.DRAFT, S.REVIEW, S.SCHEDULED, S.PUBLISHED, S.UNPUBLISHED)
    if update is not None and (update.pk == locked.pk or update.status == S.TAKEN_DOWN):
        raise ValueError("the update must be another article")
    previous = locked.verified_in_id
    locked.verified_in = update
    if update is not None and locked.status == S.PUBLISHED:
        locked.updated_at = timezone.now()
    locked.save(update_fields=["verified_in", "updated_at"])
    summary = f"#{update.pk} {update.headline}" if update else "-"
    audit("verification_link", by=by, article=locked, summary=summary, ip=ip)
    linked = {previous, update.pk if update else None} - {None}
    content_changed(keys={f"article:{pk}" for pk in {locked.pk, *linked}})
    return locked


# --- The newsroom's day: notes, notifications, assignments, live coverage ---

MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,150})")


def _article_people(article: Article) -> set[Account]:
    """The staff behind an article: its creator and the accounts of its writers."""
    users = {link.person.user for link in article.article_writers.select_related("person__user")}
    if article.created_by_id:
        users.add(article.created_by)
    return {user for user in users if user is not None and user.is_active}


def notify(
    users: Iterable[Account], *, kind: str, text: str, url: str, by: User = None
) -> list[Notification]:
    """Tell each user (never the one acting) in the caller's transaction; the e-mails that
    were asked for are handed to the worker once it commits, never sent in the request."""
    actor = _actor(by)
    made = [
        Notification.objects.create(user=user, kind=kind, text=text[:300], url=url[:300])
        for user in {user for user in users if user is not None}
        if actor is None or user.pk != actor.pk
    ]
    wanted = {
        preference.user_id
        for preference in NotificationPreference.objects.filter(
            user__in=[note.user_id for note in made]
        )
        if kind in preference.email_kinds
    }
    for note in made:
        if note.user_id in wanted:
            transaction.on_commit(partial(_email_later, note.pk))
    return made


def _email_later(notification_id: int) -> None:
    from warta.news.tasks import email_notification

    email_notification.enqueue(notification_id)


def _desk_url(article: Article) -> str:
    return reverse("desk:article_edit", args=[article.pk])


def _tell_writers(article: Article, *, kind: str, text: str, by: User) -> None:
    notify(_article_people(article), kind=kind, text=text, url=_desk_url(article), by=by)


@transaction.atomic
def mark_notifications_read(user: Account, ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


@transaction.atomic
def set_notification_email(user: Account, kinds: Iterable[str]) -> NotificationPreference:
    chosen = [kind for kind in Notification.Kind.values if kind in set(kinds)]
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_kinds": chosen}
    )
    return preference


def _mentioned(text: str) -> list[Account]:
    names = set(MENTION.findall(text))
    if not names:
        return []
    found = get_user_model().objects.filter(username__in=names, is_active=True)
    return [user for user in found if role_of(user) is not None]


@transaction.atomic
def add_note(
    article: Article, *, text: str, by: Account, parent: EditorialNote | None = None
) -> EditorialNote:
    """A note on the article; everyone @mentioned who may see the article is told."""
    from warta.news.access import can

    body = clean_text(text)[:4000]
    if not body:
        raise ValueError("a note needs words")
    if parent is not None:
        if parent.article_id != article.pk:
            raise ValueError("a reply belongs to a note on the same article")
        parent = parent.parent or parent  # one level deep: a reply to a reply joins the thread
    note = EditorialNote.objects.create(article=article, parent=parent, author=by, text=body)
    mentioned = [user for user in _mentioned(body) if can(user, "view", article)]
    note.mentions.set(mentioned)
    who = by.get_full_name() or by.get_username()
    notify(
        mentioned,
        kind=Notification.Kind.MENTION,
        text=f"{who}: {body[:200]} ({article.headline})",
        url=f"{_desk_url(article)}#catatan-{note.pk}",
        by=by,
    )
    if parent is not None and parent.author is not None and parent.author not in mentioned:
        notify(
            [parent.author],
            kind=Notification.Kind.MENTION,
            text=f"{who}: {body[:200]} ({article.headline})",
            url=f"{_desk_url(article)}#catatan-{note.pk}",
            by=by,
        )
    audit("note", by=by, article=article, summary=body[:300])
    return note


@transaction.atomic
def resolve_note(note: EditorialNote, *, by: Account, resolved: bool = True) -> EditorialNote:
    locked = EditorialNote.objects.select_for_update().get(pk=note.pk)
    locked.resolved_at = timezone.now() if resolved else None
    locked.resolved_by = by if resolved else None
    locked.save(update_fields=["resolved_at", "resolved_by"])
    audit(
        "note_resolved" if resolved else "note_reopened",
        by=by,
        article=locked.article,
        summary=locked.text[:300],
    )
    return locked


AS = Assignment.Status
AM = AssignmentMember.Answer


@transaction.atomic
def assign_story(
    *,
    title: str,
    brief: str,
    section: Section,
    assignees: Iterable[Account],
    deadline: datetime,
    publish_at: datetime | None = None,
    by: Account,
    ip: str | None = None,
) -> Assignment:
    """Put a story on the plan and tell the people assigned to it."""
    people = list(dict.fromkeys(assignees))
    name = clean_text(title)[:200]
    if not name:
        raise ValueError("an assignment needs a working title")
    if not people:
        raise ValueError("an assignment needs someone to do it")
    if publish_at is not None and publish_at < deadline:
        raise ValueError("the planned publication comes after the deadline")
    assignment = Assignment.objects.create(
        title=name,
        brief=clean_text(brief)[:4000],
        section=section,
        deadline=deadline,
        publish_at=publish_at,
        created_by=by,
    )
    for user in people:
        AssignmentMember.objects.create(assignment=assignment, user=user)
    when = timezone.localtime(deadline).strftime("%d/%m %H:%M")
    notify(
        people,
        kind=Notification.Kind.ASSIGNED,
        text=f"{name} (tenggat {when} WIB)",
        url=reverse("desk:assignment", args=[assignment.pk]),
        by=by,
    )
    audit("assign", by=by, summary=name, ip=ip)
    return assignment


@transaction.atomic
def update_assignment(
    assignment: Assignment, *, by: Account, ip: str | None = None, **fields: Any
) -> Assignment:
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    for name in ("title", "brief", "section", "deadline", "publish_at"):
        if name in fields:
            value = fields[name]
            setattr(locked, name, clean_text(value) if name in ("title", "brief") else value)
    if not locked.title:
        raise ValueError("an assignment needs a working title")
    if locked.deadline != assignment.deadline:
        locked.deadline_warned_at = None
    locked.save()
    if "assignees" in fields:
        people = list(dict.fromkeys(fields["assignees"]))
        if not people:
            raise ValueError("an assignment needs someone to do it")
        known = set(locked.members.values_list("user_id", flat=True))
        locked.members.exclude(user__in=people).delete()
        new = [user for user in people if user.pk not in known]
        for user in new:
            AssignmentMember.objects.create(assignment=locked, user=user)
        notify(
            new,
            kind=Notification.Kind.ASSIGNED,
            text=locked.title,
            url=reverse("desk:assignment", args=[locked.pk]),
            by=by,
        )
    audit("assignment_change", by=by, summary=locked.title, ip=ip)
    return locked


@transaction.atomic
def answer_assignment(
    assignment: Assignment, *, by: Account, accept: bool, reason: str = ""
) -> AssignmentMember:
    """The assignee's answer. Declining needs a reason, which the editor who assigned it is
    told; the first acceptance moves the story to "diterima"."""
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not locked.is_open:
        raise WorkflowError(locked.status)
    member = AssignmentMember.objects.filter(assignment=locked, user=by).first()
    if member is None:
        raise PermissionError("not assigned to this story")
    why = clean_text(reason)[:500]
    if not accept and not why:
        raise ValueError("declining needs a reason")
    member.answer = AM.ACCEPTED if accept else AM.DECLINED
    member.reason = "" if accept else why
    member.answered_at = timezone.now()
    member.save()
    if accept and locked.status == AS.ASSIGNED:
        locked.status = AS.ACCEPTED
        locked.save(update_fields=["status"])
    if not accept and locked.created_by is not None:
        who = by.get_full_name() or by.get_username()
        notify(
            [locked.created_by],
            kind=Notification.Kind.ASSIGNED,
            text=f"{who} menolak: {locked.title} ({why})",
            url=reverse("desk:assignment", args=[locked.pk]),
            by=by,
        )
    audit(
        "assignment_accept" if accept else "assignment_decline",
        by=by,
        summary=f"{locked.title} {why}".strip(),
    )
    return member


@transaction.atomic
def cancel_assignment(assignment: Assignment, *, by: Account, ip: str | None = None) -> Assignment:
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.status == AS.DONE:
        raise WorkflowError(locked.status)
    locked.status = AS.CANCELLED
    locked.save(update_fields=["status"])
    audit("assignment_cancel", by=by, summary=locked.title, ip=ip)
    return locked


@transaction.atomic
def draft_from_assignment(assignment: Assignment, *, by: Account) -> Article:
    """The assignment becomes the article's draft: working title, section, the assignees'
    bylines. Done once; later clicks open the same draft."""
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.article_id:
        return Article.objects.get(pk=locked.article_id)
    if not locked.is_open:
        raise WorkflowError(locked.status)
    writers = [
        _own_byline(member.user).pk
        for member in locked.members.select_related("user").exclude(answer=AM.DECLINED)
        if role_of(member.user) is not None
    ]
    article = create_article(
        by=by,
        data={
            "headline": locked.title,
            "section": locked.section_id,
            "writers": writers or [_own_byline(by).pk],
        },
    )
    locked.article = article
    locked.status = AS.IN_PROGRESS
    locked.save(update_fields=["article", "status"])
    audit("assignment_draft", by=by, article=article, summary=locked.title)
    return article


def _advance_assignment(article: Article, status: str) -> None:
    Assignment.objects.filter(article=article).exclude(status=AS.CANCELLED).update(status=status)


def warn_deadlines(now: datetime | None = None) -> int:
    """Tell assignees of every open story due within the hour, once per deadline."""
    moment = now or timezone.now()
    due = Assignment.objects.filter(
        deadline__gt=moment,
        deadline__lte=moment + timedelta(hours=1),
        deadline_warned_at__isnull=True,
        status__in=[AS.ASSIGNED, AS.ACCEPTED, AS.IN_PROGRESS],
    )
    told = 0
    for assignment in due:
        with transaction.atomic():
            claimed = Assignment.objects.filter(
                pk=assignment.pk, deadline_warned_at__isnull=True
            ).update(deadline_warned_at=moment)
            if not claimed:
                continue  # another worker told them
            people = [
                member.user
                for member in assignment.members.select_related("user").exclude(answer=AM.DECLINED)
            ]
            when = timezone.localtime(assignment.deadline).strftime("%H:%M")
            notify(
                people,
                kind=Notification.Kind.DEADLINE,
                text=f"{assignment.title}: tenggat {when} WIB",
                url=reverse("desk:assignment", args=[assignment.pk]),
            )
            told += 1
    return told


def _check_live(article: Article) -> Article:
    if not article.is_live:
        raise WorkflowError("not live")
    return article


@transaction.atomic
def start_live(
    article: Article, *, by: User, ip: str | None = None, at: datetime | None = None
) -> Article:
    """Make the article a live report (`at`: when coverage began, for the demo and imports)."""
    locked = _locked(article, S.DRAFT, S.REVIEW, S.SCHEDULED, S.PUBLISHED)
    if locked.live_ended_at is not None:
        raise WorkflowError("ended")
    if locked.live_started_at is None:
        locked.live_started_at = at or timezone.now()
        locked.save(update_fields=["live_started_at"])
        audit("live_start", by=by, article=locked, summary=locked.headline, ip=ip)
        if locked.status == S.PUBLISHED:
            content_changed(keys={f"article:{locked.pk}"})  # only the report's own page
    return locked


@transaction.atomic
def end_live(article: Article, *, by: User, ip: str | None = None) -> Article:
    """Close the coverage: no more updates; the report stays as a record."""
    locked = _check_live(_locked(article))
    locked.live_ended_at = timezone.now()
    locked.save(update_fields=["live_ended_at"])
    audit("live_end", by=by, article=locked, summary=locked.headline, ip=ip)
    if locked.status == S.PUBLISHED:
        content_changed(keys={f"article:{locked.pk}"})
    return locked


def _live_text(text: str) -> str:
    body = clean_html(
        text
        if "<" in text
        else "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
    )
    if not clean_text(body):
        raise ValueError("an update needs words")
    return body


def post_live_update(
    article: Article,
    *,
    text: str,
    by: User,
    image: Image | None = None,
    pinned: bool = False,
    at: datetime | None = None,
) -> LiveUpdate:
    """A new update. It takes no lock on the article: each update is its own row, so three
    editors posting at once never wait for or overwrite each other. Readers get it within
    the page cache's lifetime, and at once through the updates endpoint."""
    body = _live_text(text)
    with transaction.atomic():
        current = Article.objects.only("pk", "status", "live_started_at", "live_ended_at").get(
            pk=article.pk
        )
        _check_live(current)
        update = LiveUpdate.objects.create(
            article_id=article.pk,
            text=body,
            image=image,
            pinned=pinned,
            author=_actor(by),
            created_at=at or timezone.now(),
        )
        if current.status == S.PUBLISHED:
            content_changed(keys={f"article:{article.pk}"})
    return update


@transaction.atomic
def edit_live_update(
    update: LiveUpdate,
    *,
    by: Account,
    text: str,
    image: Image | None = None,
    pinned: bool = False,
    correction: str = "",
) -> LiveUpdate:
    """Change an update, keeping what it said before; a public correction, when given, shows
    under it."""
    locked = LiveUpdate.objects.select_for_update().get(pk=update.pk)
    body = _live_text(text)
    LiveUpdateVersion.objects.create(
        update=locked,
        text=locked.text,
        image_id_then=locked.image_id,
        pinned=locked.pinned,
        author=by,
    )
    locked.text, locked.image, locked.pinned = body, image, pinned
    if clean_text(correction):
        locked.correction = clean_text(correction)[:500]
    locked.edited_at = timezone.now()
    locked.save()
    audit("live_edit", by=by, article=locked.article, summary=clean_text(body)[:300])
    if locked.article.status == S.PUBLISHED:
        content_changed(keys={f"article:{locked.article_id}"})
    return locked
