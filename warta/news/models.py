from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from warta.lib.html import lead_text
from warta.lib.slugs import is_reserved
from warta.lib.text import join_names
from warta.lib.urls_once import url


def validate_section_slug(value: str) -> None:
    if is_reserved(value):
        raise ValidationError(
            _("“%(slug)s” is already used by another page of the site; choose another slug."),
            params={"slug": value},
            code="reserved",
        )


class Section(models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, validators=[validate_section_slug]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.CharField(_("description"), max_length=300, blank=True)
    # Sections an import made wait outside the section menu until an admin puts them there.
    in_menu = models.BooleanField(
        _("in the menu"),
        default=True,
        help_text=_("Shown in the section menu of every page (top-level sections)."),
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url("public:section", self.slug)


class Person(models.Model):
    """A byline identity; it may or may not have a staff account behind it."""

    class Role(models.TextChoices):
        WRITER = "penulis", _("Writer")
        EDITOR = "editor", _("Editor")
        PHOTOGRAPHER = "fotografer", _("Photographer")
        CONTRIBUTOR = "kontributor", _("Contributor")
        AGENCY = "kantor-berita", _("News agency")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    roles = models.JSONField(_("roles"), default=list, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    photo = models.ForeignKey(
        "media.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    links = models.JSONField(_("links"), default=list, blank=True)
    # Off: kept for the archive's bylines, but not offered for new ones.
    active = models.BooleanField(_("active"), default=True)
    # Proposed by a writer, not yet checked by an editor (spelling, duplicates).
    confirmed = models.BooleanField(_("confirmed"), default=True)
    # The newest publication among the articles they wrote, kept by news.listing_dates.
    last_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url("public:person", self.slug)

    def clean(self) -> None:
        unknown = set(self.roles) - set(self.Role.values)
        if unknown:
            raise ValidationError({"roles": _("Unknown role: %s") % ", ".join(sorted(unknown))})

    @property
    def role_labels(self) -> list[str]:
        labels = dict(self.Role.choices)
        return [str(labels[role]) for role in self.roles if role in labels]


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    # The newest publication among its articles, kept by news.listing_dates.
    last_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url("public:tag", self.slug)


class Topic(models.Model):
    """A developing story that groups articles over days or weeks."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url("public:topic", self.slug)


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self, at: datetime | None = None) -> ArticleQuerySet:
        """What readers may see: news.access.published_q, the one definition."""
        from warta.news.access import published_q  # access builds on these models

        return self.filter(published_q(at=at))

    def in_section(self, section: Section) -> ArticleQuerySet:
        """The section's own articles and its sub-sections'."""
        return self.filter(Q(section=section) | Q(section__parent=section))

    def newest(self) -> ArticleQuerySet:
        return self.order_by("-published_at", "-pk")

    def for_listing(self) -> ArticleQuerySet:
        """What a list item shows: headline, section, photo, time; nothing more is fetched."""
        return self.select_related("section", "hero_image").only(
            "pk",
            "headline",
            "slug",
            "kicker",
            "summary",
            "published_at",
            "status",
            "kind",
            "topic_id",
            "section_id",
            "section__slug",
            "section__name",
            "hero_image__id",
            "hero_image__alt_text",
            "hero_image__version",
            "hero_image__rendition_version",
            "hero_image__renditions",
            "hero_image__width",
            "hero_image__height",
        )

    def published_among(self, ids: Iterable[int]) -> list[Article]:
        """The published ones of these articles, fetched by primary key.

        Filtering on status in SQL would lead SQLite's planner onto the publication index,
        walking the whole archive; a handful of rows is cheaper to check here.
        """
        return [article for article in self.filter(pk__in=list(ids)) if article.is_published]

    def breaking(self, at: datetime | None = None) -> ArticleQuerySet:
        now = at or timezone.now()
        return self.published(now).filter(breaking_until__gt=now)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")
        TAKEN_DOWN = "dicabut", _("Taken down")

    class Kind(models.TextChoices):
        """What the article is. Anything paid for is labelled as such wherever it appears
        (Pedoman Pemberitaan Media Siber, point 6) and is never presented as news."""

        NEWS = "berita", _("News")
        ADVERTORIAL = "advertorial", _("Advertorial")
        SPONSORED = "bersponsor", _("Sponsored content")

    headline = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    kicker = models.CharField(_("kicker"), max_length=60, blank=True)
    summary = models.TextField(_("summary"), max_length=400, blank=True)
    dateline_city = models.CharField(_("dateline city"), max_length=60, blank=True)
    body = models.TextField(_("body"), blank=True)
    hero_image = models.ForeignKey(
        "media.Image",
        verbose_name=_("hero photo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hero_of",
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    writers: models.ManyToManyField[Person, ArticleWriter] = models.ManyToManyField(
        Person, verbose_name=_("writers"), through="ArticleWriter", related_name="articles"
    )
    editor = models.ForeignKey(
        Person,
        verbose_name=_("editor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="edited_articles",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # When readers were last told the story changed ("Diperbarui"); not every save counts.
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    breaking_until = models.DateTimeField(_("breaking news until"), null=True, blank=True)
    # Before this moment nobody can publish the article (or schedule it earlier), and no one
    # without an account sees anything of it, preview links included.
    embargo_until = models.DateTimeField(_("embargo until"), null=True, blank=True)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.NEWS)
    sponsor = models.CharField(_("sponsor"), max_length=120, blank=True)
    # Point 2 of the guideline: an urgent story published before it is verified carries this
    # notice at its end, in brackets and italics, until the update that verifies it is linked.
    verification_notice = models.CharField(_("verification notice"), max_length=300, blank=True)
    verified_in = models.ForeignKey(
        "self",
        verbose_name=_("verified in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verifies",
    )
    is_headline = models.BooleanField(_("on the home page's headline block"), default=False)
    headline_position = models.PositiveSmallIntegerField(_("headline position"), default=0)
    seo_title = models.CharField(_("SEO title"), max_length=70, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=160, blank=True)
    # The newest saved revision: every save names the one it started from, so two people
    # saving the same article find out instead of overwriting each other.
    current_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What an editor approved when scheduling: the worker publishes this, not later drafts.
    approved_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_note = models.TextField(_("note from the editor"), blank=True)
    schedule_error = models.TextField(_("scheduled publication failed"), blank=True)
    first_published_at = models.DateTimeField(_("first published at"), null=True, blank=True)
    # A live report (Laporan Langsung): short updates under the article while coverage runs.
    live_started_at = models.DateTimeField(_("live coverage started"), null=True, blank=True)
    live_ended_at = models.DateTimeField(_("live coverage ended"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "published_at"], name="article_published"),
            models.Index(fields=["section", "status", "published_at"], name="article_section"),
            models.Index(fields=["topic", "status", "published_at"], name="article_topic"),
            models.Index(fields=["is_headline", "headline_position"], name="article_headline"),
            # SQLite's planner only picks the headline rows through a partial index.
            models.Index(
                fields=["status", "published_at"],
                condition=Q(is_headline=True),
                name="article_headline_live",
            ),
            models.Index(fields=["breaking_until"], name="article_breaking"),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return url("public:article", self.section.slug, self.pk, self.slug)

    @property
    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def was_updated(self) -> bool:
        """Worth a 'Diperbarui' line: changed at least a minute after publication."""
        return bool(
            self.published_at
            and self.updated_at
            and (self.updated_at - self.published_at).total_seconds() >= 60
        )

    @property
    def is_breaking(self) -> bool:
        return bool(self.breaking_until and self.breaking_until > timezone.now())

    @property
    def description(self) -> str:
        """What describes the article to search engines, social cards and feeds: the SEO
        description, else the summary, else the lead paragraph (never nothing)."""
        return self.seo_description or self.summary or lead_text(self.body)

    @property
    def is_sponsored(self) -> bool:
        return self.kind != self.Kind.NEWS

    @property
    def label(self) -> str:
        """The label paid content carries on every page, card, feed item and share text."""
        return str(self.get_kind_display()) if self.is_sponsored else ""

    @property
    def labelled_headline(self) -> str:
        return f"{self.label}: {self.headline}" if self.is_sponsored else self.headline

    @property
    def is_live(self) -> bool:
        return self.live_started_at is not None and self.live_ended_at is None

    def ordered_writers(self) -> list[Person]:
        """Writers in byline order; uses the prefetch of article_writers when there is one."""
        return [
            link.person
            for link in sorted(self.article_writers.all(), key=lambda link: link.position)
        ]

    def byline(self) -> str:
        return join_names([person.name for person in self.ordered_writers()])


class ArticleWriter(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_writers")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="one_byline_per_person")
        ]
        # A writer's articles, and whether they have one published, without reading the rest.
        indexes = [models.Index(fields=["person", "article"], name="byline_person_article")]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.article_id}"


class ArticleView(models.Model):
    """Reads of an article, counted per hour: enough for "most read in the last 24 hours"."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="views")
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="one_counter_per_hour")
        ]
        indexes = [models.Index(fields=["hour"], name="article_view_hour")]

    def __str__(self) -> str:
        return f"{self.count} reads of {self.article_id} at {self.hour:%Y-%m-%d %H}:00"


class Page(models.Model):
    """A static page the newsroom manages: Tentang Kami, Redaksi, Pedoman Media Siber, ..."""

    title = models.CharField(_("title"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    body = models.TextField(_("body"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    in_footer = models.BooleanField(_("linked in the footer"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("static page")
        verbose_name_plural = _("static pages")
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url("public:page", self.slug)


def _validate_x_handle(value: str) -> None:
    if not re.fullmatch(r"[A-Za-z0-9_]{1,15}", value):
        raise ValidationError(
            _("An X account name has 1 to 15 letters, digits or underscores, e.g. @wartaid.")
        )


@deconstructible
class ProfileURLValidator:
    """The address is an https page on one of the platform's own hosts."""

    def __init__(self, *hosts: str) -> None:
        self.hosts = hosts

    def __call__(self, value: str) -> None:
        parts = urlsplit(value)
        host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
        if parts.scheme != "https" or host not in self.hosts or not parts.path.strip("/"):
            raise ValidationError(
                _("Give the full address of the newsroom's page on %(host)s, starting https://.")
                % {"host": self.hosts[0]}
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ProfileURLValidator) and other.hosts == self.hosts


class SiteSettings(models.Model):
    """What admins set in the desk about the site as readers meet it: one row.

    The site's name, address, language and time zone stay environment settings (WARTA_*):
    they decide URLs and caches, and must agree on every machine before the first request.
    """

    tagline = models.CharField(
        _("tagline"),
        max_length=80,
        blank=True,
        help_text=_("A few words beside the name in the masthead, e.g. “Kabar jernih, cepat”."),
    )
    description = models.CharField(
        _("site description"),
        max_length=200,
        blank=True,
        help_text=_("What search engines and feeds say about the site (at most 200 characters)."),
    )
    breaking_hours = models.PositiveSmallIntegerField(
        _("breaking news lasts (hours)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
        help_text=_("How long the breaking-news bar stays, unless the editor chooses otherwise."),
    )
    contact_email = models.EmailField(
        _("newsroom e-mail"), blank=True, help_text=_("Shown in the footer for readers' tips.")
    )
    x_handle = models.CharField(
        _("X account"), max_length=16, blank=True, validators=[_validate_x_handle]
    )
    facebook_url = models.URLField(
        _("Facebook page"), blank=True, validators=[ProfileURLValidator("facebook.com", "fb.com")]
    )
    instagram_url = models.URLField(
        _("Instagram profile"), blank=True, validators=[ProfileURLValidator("instagram.com")]
    )
    youtube_url = models.URLField(
        _("YouTube channel"), blank=True, validators=[ProfileURLValidator("youtube.com")]
    )
    tiktok_url = models.URLField(
        _("TikTok profile"), blank=True, validators=[ProfileURLValidator("tiktok.com")]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="site_settings_single_row")]

    def __str__(self) -> str:
        return str(_("site settings"))

    @classmethod
    def load(cls) -> SiteSettings:
        """The row, or the defaults when no admin has saved it yet (nothing is written)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def profiles(self) -> list[tuple[str, str]]:
        """The newsroom's social profiles as (platform, address), in the footer's order."""
        links = [
            ("X", f"https://x.com/{self.x_handle}" if self.x_handle else ""),
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("YouTube", self.youtube_url),
            ("TikTok", self.tiktok_url),
        ]
        return [(name, url) for name, url in links if url]


class Revision(models.Model):
    """One saved state of an article, never changed once written.

    `data` holds every editable field, so any two revisions can be compared or restored.
    """

    class Kind(models.TextChoices):
        MANUAL = "manual", _("Saved")
        AUTOSAVE = "autosave", _("Autosaved")
        WORKFLOW = "workflow", _("Workflow")
        CORRECTION = "correction", _("Correction")
        RESTORE = "restore", _("Restored")
        CONFLICT = "conflict", _("Kept from a conflict")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    data = models.JSONField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="one_revision_number_per_article"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.number} of {self.article_id}"


class Correction(models.Model):
    """A public correction, as the Pedoman Pemberitaan Media Siber asks: typed, dated, linked."""

    class Kind(models.TextChoices):
        KOREKSI = "koreksi", "Koreksi"
        RALAT = "ralat", "Ralat"
        KLARIFIKASI = "klarifikasi", "Klarifikasi"
        HAK_JAWAB = "hak-jawab", "Hak Jawab"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("public text"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_at"], name="correction_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.article_id}"


class AuditEntry(models.Model):
    """Who did what, when and from where: workflow actions, corrections, roles, failed logins."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    summary = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["created_at"], name="audit_created"),
            models.Index(fields=["action"], name="audit_action"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"


class PreviewLink(models.Model):
    """A signed link that shows an unpublished article to someone without an account."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"preview of {self.article_id}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


def token_digest(secret: str) -> str:
    """What is stored of an API token's secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """A staff member's key to the API: it acts with its user's role and nothing more.

    Only a SHA-256 digest of the secret is kept (the secret is long and random, so a slow hash
    would add nothing); the secret is shown once, when it is made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )


class Origin(models.Model):
    """Where a record came from when an importer brought it in: the source (a WordPress site,
    say), its own id there, and a digest of what was imported, so a second run updates what
    changed, adds nothing twice and leaves alone what an editor changed since."""

    class Kind(models.TextChoices):
        ARTICLE = "article"
        PHOTO = "photo"
        PERSON = "person"
        SECTION = "section"
        PAGE = "page"

    source = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    remote_id = models.CharField(max_length=200)
    object_id = models.PositiveIntegerField()
    # The address of the thing at its source: a photo's file, an article's permalink.
    url = models.CharField(max_length=500, blank=True, db_index=True)
    digest = models.CharField(max_length=64, blank=True)
    # The revision the import made: a later revision by anyone else is an edit to keep.
    revision_id = models.PositiveIntegerField(null=True, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "remote_id"], name="origin_once")
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="origin_object")]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.remote_id}"


class OldAddress(models.Model):
    """An address an article had on the newsroom's old site (`/?p=123`, `/2019/05/slug/`),
    answered with a permanent redirect so links and search engines follow it here."""

    path = models.CharField(max_length=500, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_addresses")

    def __str__(self) -> str:
        return self.path


class WireSource(models.Model):
    """A wire or partner feed the newsroom takes copy from (Antara, a partner's RSS): polled by
    the worker into the desk's Kawat inbox, never published by itself."""

    name = models.CharField(_("name"), max_length=80)
    url = models.URLField(_("feed address"), max_length=500, unique=True)
    section = models.ForeignKey(
        Section,
        verbose_name=_("default section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    credit = models.CharField(
        _("credit line"),
        max_length=80,
        help_text=_("Shown under a draft made from it, e.g. Antara."),
    )
    licence_note = models.CharField(_("licence note"), max_length=250, blank=True)
    interval = models.PositiveSmallIntegerField(
        _("poll every (minutes)"),
        default=10,
        validators=[MinValueValidator(2), MaxValueValidator(1440)],
    )
    active = models.BooleanField(_("active"), default=True)
    # Conditional GET: what the server said last time, sent back so it can answer 304.
    etag = models.CharField(max_length=250, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    next_check_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("wire source")
        verbose_name_plural = _("wire sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WireItem(models.Model):
    """One story from a wire feed, as it arrived; an editor or writer makes a draft of it or
    sets it aside."""

    class Status(models.TextChoices):
        NEW = "baru", _("New")
        USED = "dipakai", _("Used")
        IGNORED = "diabaikan", _("Ignored")

    source = models.ForeignKey(WireSource, on_delete=models.CASCADE, related_name="items")
    guid = models.CharField(max_length=500)
    link = models.CharField(max_length=500, blank=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="wire_items"
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["source", "guid"], name="wire_item_once")]

    def __str__(self) -> str:
        return self.title


class Webhook(models.Model):
    """An endpoint another system gave the newsroom: Warta tells it, signed, when an article
    is published, updated, unpublished, corrected or taken down."""

    class Event(models.TextChoices):
        PUBLISHED = "article.published", _("Published")
        UPDATED = "article.updated", _("Updated")
        UNPUBLISHED = "article.unpublished", _("Unpublished")
        CORRECTED = "article.corrected", _("Corrected")
        TAKEN_DOWN = "article.deleted", _("Taken down")

    url = models.URLField(_("endpoint address"), max_length=500)
    description = models.CharField(_("what it is"), max_length=120)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=64)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["description", "pk"]

    def __str__(self) -> str:
        return self.description


class WebhookDelivery(models.Model):
    """One event for one endpoint, tried until it answers 2xx or a day has passed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Given up")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField()
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event_id"], name="delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id}"


class PersonAlias(models.Model):
    """The address a person had before being merged into another: it redirects."""

    slug = models.SlugField(max_length=120, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")

    def __str__(self) -> str:
        return self.slug


class Takedown(models.Model):
    """A published article taken down, with the public reason the press council's guideline
    allows (Pedoman Pemberitaan Media Siber, point 5). Its address answers 410 with this, and
    it is listed with the corrections; the text stays in the newsroom's history."""

    class Reason(models.TextChoices):
        SARA = "sara", _("ethnicity, religion, race or intergroup relations (SARA)")
        DECENCY = "kesusilaan", _("decency")
        CHILD = "anak", _("a child's future")
        TRAUMA = "trauma", _("the traumatic experience of a victim")
        PRESS_COUNCIL = "dewan-pers", _("other considerations set by the Press Council")

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="takedown")
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    text = models.TextField(_("public text"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.get_reason_display()}"


class EditorialNote(models.Model):
    """A note on an article between staff, never public: threaded one level deep, with
    @mentions, resolvable. Whoever may see the article may read and write its notes."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notes")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"), max_length=4000)
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Assignment(models.Model):
    """A story on the plan (rencana liputan): who covers what, by when, for which section."""

    class Status(models.TextChoices):
        ASSIGNED = "ditugaskan", _("Assigned")
        ACCEPTED = "diterima", _("Accepted")
        IN_PROGRESS = "dikerjakan", _("In progress")
        FILED = "dikirim", _("Filed")
        DONE = "selesai", _("Done")
        CANCELLED = "batal", _("Cancelled")

    title = models.CharField(_("working title"), max_length=200)
    brief = models.TextField(_("brief"), max_length=4000, blank=True)
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="+"
    )
    assignees: models.ManyToManyField[Any, AssignmentMember] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="AssignmentMember",
        related_name="assignments",
        verbose_name=_("assignees"),
    )
    deadline = models.DateTimeField(_("deadline"))
    publish_at = models.DateTimeField(_("planned publication"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ASSIGNED
    )
    article = models.OneToOneField(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="assignment"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    deadline_warned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["deadline", "status"], name="assignment_deadline")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.DONE, self.Status.CANCELLED)

    @property
    def is_late(self) -> bool:
        return self.is_open and self.status != self.Status.FILED and self.deadline < timezone.now()


class AssignmentMember(models.Model):
    """One assignee's answer: each accepts, or declines with a reason."""

    class Answer(models.TextChoices):
        PENDING = "menunggu", _("Waiting")
        ACCEPTED = "diterima", _("Accepted")
        DECLINED = "ditolak", _("Declined")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "user"], name="one_answer_per_assignee")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.answer}"


class Notification(models.Model):
    """Something a staff member should know: shown under the desk's bell, and e-mailed by the
    worker when they asked for that kind by e-mail."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned to me")
        RETURNED = "returned", _("My article returned")
        PUBLISHED = "published", _("My article published")
        CORRECTED = "corrected", _("My article corrected")
        MENTION = "mention", _("Mentioned in a note")
        DEADLINE = "deadline", _("Deadline within an hour")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text


class NotificationPreference(models.Model):
    """Which kinds of notification a staff member also wants by e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_kinds = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return ", ".join(self.email_kinds)


class LiveUpdate(models.Model):
    """One short, timestamped update of a live report. Each is its own row, so many editors
    posting at once never conflict; every change keeps the earlier text (LiveUpdateVersion)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="live_updates")
    text = models.TextField(_("update"), max_length=4000)
    image = models.ForeignKey(
        "media.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pinned = models.BooleanField(_("important (pinned)"), default=False)
    correction = models.CharField(_("public correction"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]


class LiveUpdateVersion(models.Model):
    """What an update said before it was edited: nothing posted is lost."""

    update = models.ForeignKey(LiveUpdate, on_delete=models.CASCADE, related_name="versions")
    text = models.TextField()
    image_id_then = models.PositiveIntegerField(null=True, blank=True)
    pinned = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.text[:60]
