"""The reader site. Every view shows published content only and is cached whole."""

import hmac
import re
import sys
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage
from django.db import DatabaseError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from warta.lib import dates
from warta.lib.addresses import client_ip
from warta.news import access, freshness
from warta.news.access import get_article_for_preview, get_published_article
from warta.news.models import (
    Article,
    Correction,
    Page,
    Person,
    Section,
    Tag,
    Takedown,
    Topic,
)
from warta.public import reads
from warta.public.article import article_context, private_preview, section_crumbs
from warta.public.cache import reader_page, shows
from warta.public.front_page import front_page
from warta.public.navigation import navigation
from warta.public.pagination import paginate
from warta.search.query import search as search_articles

# Crawlers and link previewers announce themselves; their reads are not a reader's.
BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|fetch|preview|facebookexternalhit|whatsapp|telegram|curl|wget|python|headless|lighthouse",
    re.IGNORECASE,
)


@require_safe
@reader_page
def home(request: HttpRequest) -> HttpResponse:
    nav = navigation()
    front = front_page(nav.menu)
    return render(
        request,
        "public/home.html",
        {
            "breaking": front.breaking,
            "headline": front.headlines[0] if front.headlines else None,
            "subheadlines": front.headlines[1:],
            "latest": front.latest,
            "popular": front.most_read,
            "blocks": [(section, front.blocks.get(section.pk, [])) for section in nav.menu],
        },
    )


@require_safe
@reader_page(params=("page",))
def section(request: HttpRequest, section_slug: str) -> HttpResponse:
    current = get_object_or_404(Section.objects.select_related("parent"), slug=section_slug)
    shows(request, f"section:{current.pk}")
    page = paginate(
        request,
        Article.objects.published().in_section(current).for_listing().newest(),
        settings.WARTA_PAGE_SIZE,
    )
    nav_section = navigation().section(current.pk)
    return render(
        request,
        "public/section.html",
        {
            "section": current,
            "page": page,
            "children": nav_section.children if nav_section else [],
            "crumbs": section_crumbs(current),
            "active_section": (current.parent or current).slug,
        },
    )


@require_safe
@reader_page
def article(request: HttpRequest, section_slug: str, pk: int, slug: str = "") -> HttpResponse:
    try:
        story = get_published_article(pk)
    except Http404:
        # Asked only when there is no article to show, so a live page costs no query more.
        notice = access.takedown_of(pk)
        if notice is None:
            raise
        return render(request, "public/taken_down.html", {"notice": notice}, status=410)
    if story.section.slug != section_slug or story.slug != slug:
        return _moved(request, story, section_slug, slug)
    context = article_context(story)
    # The page shows this article, and the related and verifying ones by their headlines.
    related: list[Article] = context["related"]  # type: ignore[assignment]
    earlier: list[Article] = context["verifies"]  # type: ignore[assignment]
    shown = [story, *related, *earlier]
    if story.verified_in is not None:
        shown.append(story.verified_in)
    shows(request, *(f"article:{item.pk}" for item in shown))
    return render(request, "public/article.html", context)


def _moved(request: HttpRequest, story: Article, section_slug: str, slug: str) -> HttpResponse:
    """An address that names the story's number but not its section and slug as they are now:
    the story moved (a new rubric, an edited headline), so it redirects to the story, unless the
    address is another site's. WordPress's /2024/03/judul/ has the same shape: an imported
    archive recorded where it leads, and one not recorded is no address of story 3."""
    target = access.old_address_target(request.path)
    if target is None:
        if section_slug.isdigit() and story.slug != slug:
            raise Http404("No such article")
        target = story.get_absolute_url()
    return HttpResponsePermanentRedirect(target)


@require_safe
@reader_page(params=("setelah",))
def live_updates(request: HttpRequest, pk: int) -> HttpResponse:
    """A live report's updates newer than ?setelah=<id>, as the page shows them: what the page
    loads without a reload. Cached like any reader page, so a thousand readers polling cost
    one query per update posted."""
    story = get_published_article(pk)
    shows(request, f"article:{story.pk}")
    try:
        after = max(0, int(request.GET.get("setelah", "0")))
    except ValueError:
        after = 0
    updates = access.live_updates(story, after=min(after, 2**31))
    items = [
        {
            "id": update.pk,
            "pinned": update.pinned,
            "html": render_to_string("public/includes/live_update.html", {"update": update}),
        }
        for update in reversed(updates)  # oldest first: each is put on top in turn
    ]
    return JsonResponse({"updates": items, "live": story.is_live})


@require_safe
def shared_preview(request: HttpRequest, token: str) -> HttpResponse:
    """An unpublished article, shown to whoever holds a valid preview link."""
    story = get_article_for_preview(token[:100])
    return private_preview(
        render(request, "public/article.html", article_context(story, preview=True))
    )


@require_safe
@reader_page(params=("page",))
def corrections(request: HttpRequest) -> HttpResponse:
    """Every public correction, newest first, each linking to its article."""
    rows = Correction.objects.filter(article__in=Article.objects.published()).select_related(
        "article", "article__section"
    )
    page = paginate(request, rows, 50)
    crumbs = [(_("Corrections"), reverse("public:corrections"))]
    takedowns = Takedown.objects.select_related("article").filter(
        article__status=Article.Status.TAKEN_DOWN
    )[:50]
    return render(
        request,
        "public/corrections.html",
        {"page": page, "crumbs": crumbs, "takedowns": takedowns},
    )


@require_safe
@reader_page(params=("page",))
def tag(request: HttpRequest, slug: str) -> HttpResponse:
    current = get_object_or_404(Tag, slug=slug)
    shows(request, f"tag:{current.pk}")
    page = paginate(
        request,
        Article.objects.published().filter(tags=current).for_listing().newest(),
        settings.WARTA_PAGE_SIZE,
    )
    crumbs = [(current.name, current.get_absolute_url())]
    return render(request, "public/tag.html", {"tag": current, "page": page, "crumbs": crumbs})


@require_safe
@reader_page(params=("page",))
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    current = get_object_or_404(Topic, slug=slug)
    shows(request, f"topic:{current.pk}")
    page = paginate(
        request,
        Article.objects.published().filter(topic=current).for_listing().newest(),
        settings.WARTA_PAGE_SIZE,
    )
    crumbs = [(current.name, current.get_absolute_url())]
    return render(request, "public/topic.html", {"topic": current, "page": page, "crumbs": crumbs})


@require_safe
@reader_page(params=("page",))
def person(request: HttpRequest, slug: str) -> HttpResponse:
    current, moved = access.person_for_slug(slug)
    if moved:
        return HttpResponsePermanentRedirect(moved)
    if current is None:
        raise Http404("No such person")
    shows(request, f"person:{current.pk}")
    articles = (
        Article.objects.published().filter(article_writers__person=current).for_listing().newest()
    )
    page = paginate(request, articles, settings.WARTA_PAGE_SIZE)
    crumbs = [(current.name, current.get_absolute_url())]
    return render(
        request, "public/person.html", {"person": current, "page": page, "crumbs": crumbs}
    )


@require_safe
@reader_page(params=("rubrik", "page"))
def index(request: HttpRequest, day: str | None = None) -> HttpResponse:
    today = timezone.localdate()
    if day is None:
        chosen = today
    else:
        try:
            chosen = date.fromisoformat(day)
        except ValueError:
            raise Http404("No such date") from None
        if chosen > today or chosen.year < 1990:
            raise Http404("No such date")
    start, end = dates.day_bounds(chosen)
    # Today's index (and the undated address, whose day moves at midnight) with the newest.
    shows(request, f"day:{chosen.isoformat()}", *([freshness.CONTENT] if day is None else []))
    articles = Article.objects.published().filter(published_at__gte=start, published_at__lt=end)
    section_slug = request.GET.get("rubrik", "")
    current_section = None
    if section_slug:
        current_section = get_object_or_404(Section, slug=section_slug[:80])
        articles = articles.in_section(current_section)
    page = paginate(request, articles.for_listing().newest(), 50)
    return render(
        request,
        "public/index.html",
        {
            "day": chosen,
            "previous_day": chosen - timedelta(days=1),
            "next_day": chosen + timedelta(days=1) if chosen < today else None,
            "current_section": current_section,
            "page": page,
            "day_label": dates.format_date(start),
            "crumbs": [(_("News index"), reverse("public:index"))],
            "section_query": urlencode({"rubrik": current_section.slug}) if current_section else "",
        },
    )


@require_safe
@reader_page
def static_page(request: HttpRequest, slug: str) -> HttpResponse:
    current = get_object_or_404(Page, slug=slug)
    shows(request, f"page:{current.pk}")  # static pages change site-wide ("all")
    crumbs = [(current.title, current.get_absolute_url())]
    return render(request, "public/page.html", {"page_obj": current, "crumbs": crumbs})


_SEARCH_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")
_SEARCH_PAGE = re.compile(r"[0-9]{1,6}")


def _search_date(raw: str) -> date | None:
    try:
        day = date.fromisoformat(raw[:10])
    except ValueError:
        return None
    return day if day.year >= 1990 else None


def _search_filters(request: HttpRequest) -> dict:
    """/cari/'s filters from the query string; an unknown or malformed one is left out."""

    def by_slug(model: type[Section | Tag | Person], name: str) -> object | None:
        slug = request.GET.get(name, "")
        return model.objects.filter(slug=slug).first() if _SEARCH_SLUG.fullmatch(slug) else None

    return {
        "section": by_slug(Section, "rubrik"),
        "tag": by_slug(Tag, "tag"),
        "writer": by_slug(Person, "penulis"),
        "since": _search_date(request.GET.get("dari", "")),
        "until": _search_date(request.GET.get("sampai", "")),
    }


@require_safe
@reader_page(params=("q", "rubrik", "tag", "penulis", "dari", "sampai", "urut", "page"))
def search(request: HttpRequest) -> HttpResponse:
    """Full-text search of published news (warta.search): phrases, -exclusions, filters."""
    query = " ".join(request.GET.get("q", "").split())[:200]
    filters = _search_filters(request)
    order = "newest" if request.GET.get("urut") == "terbaru" else "relevance"
    section, tag_, writer = filters["section"], filters["tag"], filters["writer"]
    since, until = filters["since"], filters["until"]
    kept = {
        key: value
        for key, value in (
            ("q", query),
            ("rubrik", section.slug if section else ""),
            ("tag", tag_.slug if tag_ else ""),
            ("penulis", writer.slug if writer else ""),
            ("dari", since.isoformat() if since else ""),
            ("sampai", until.isoformat() if until else ""),
            ("urut", "terbaru" if order == "newest" else ""),
        )
        if value
    }
    active = [
        (label, value, urlencode({k: v for k, v in kept.items() if k != key}))
        for key, label, value in (
            ("rubrik", _("Section"), section.name if section else ""),
            ("tag", _("Tag"), tag_.name if tag_ else ""),
            ("penulis", _("Writer"), writer.name if writer else ""),
            ("dari", pgettext("search", "From"), dates.format_date(since) if since else ""),
            ("sampai", pgettext("search", "Until"), dates.format_date(until) if until else ""),
        )
        if value
    ]
    page = results = None
    if query:
        raw_page = request.GET.get("page", "1")
        if not _SEARCH_PAGE.fullmatch(raw_page):
            raise Http404("No such page")
        results = search_articles(query, order=order, **filters)
        try:
            page = results.page(int(raw_page), settings.WARTA_PAGE_SIZE)
        except EmptyPage:
            raise Http404("No such page") from None
    suggestion = results.suggestion if results else ""
    by_relevance = {key: value for key, value in kept.items() if key != "urut"}
    return render(
        request,
        "public/search.html",
        {
            "query": query,
            "page": page,
            "order": order,
            "filters": filters,
            "active_filters": active,
            "hidden_filters": [(k, v) for k, v in kept.items() if k in ("tag", "penulis")],
            "suggestion": suggestion,
            "fallback": bool(results and results.fallback),
            "more_results": bool(results and results.more),
            "suggestion_query": urlencode({**kept, "q": suggestion}) if suggestion else "",
            "relevance_query": urlencode(by_relevance),
            "newest_query": urlencode({**by_relevance, "urut": "terbaru"}),
            "crumbs": [(_("Search"), reverse("public:search"))],
            "search_query": urlencode(kept),
        },
    )


# One reader counts once per article in this window, however often the beacon is sent.
READ_WINDOW = 30 * 60


def _first_read(request: HttpRequest, pk: int, agent: str) -> bool:
    """True the first time this client (address and browser) reads this article in the window.

    Without cookies: the client is a keyed hash of its address and User-Agent, kept in the cache
    for the window only, so nothing that names the reader is stored.
    """
    client = f"{client_ip(request)}|{agent}|{pk}"
    digest = hmac.new(settings.SECRET_KEY.encode(), client.encode(), "sha256").hexdigest()
    return cache.add(f"warta:read:{digest}", 1, timeout=READ_WINDOW)


@csrf_exempt
@require_POST
def count_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The article page's beacon: one read unless a bot sent it or this client was counted.
    It costs a cache write and no database work (public/reads.py)."""
    agent = request.headers.get("User-Agent", "")
    if pk < 2**63 and agent and not BOT_AGENTS.search(agent) and _first_read(request, pk, agent):
        # No query here: the buffer keeps only published articles when it is written.
        reads.add(pk)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page; when the database is what failed, a 503 that says it is temporary.

    Django calls this while handling the exception, so the exception is the current one. Both
    pages are plain templates that need neither the database nor the navigation."""
    if isinstance(sys.exc_info()[1], DatabaseError):
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "60"
        return response
    return render(request, "500.html", status=500)
