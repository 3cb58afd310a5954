"""The article page's context, shared by the reader page and the desk's previews (which must
show exactly what readers will see), in a module of its own so the desk needs no reader view."""

from django.http import HttpResponse

from warta.media.html import current_figures
from warta.news import access
from warta.news.models import Article, Section
from warta.news.related import related_articles


def section_crumbs(current: Section) -> list[tuple[str, str]]:
    """Beranda / Parent / Section: the chain below home, for breadcrumbs."""
    chain = [current.parent, current] if current.parent else [current]
    return [(item.name, item.get_absolute_url()) for item in chain]


def article_context(story: Article, *, preview: bool = False) -> dict[str, object]:
    """What the article template needs; the desk's previews use it too, so they match."""
    return {
        "article": story,
        "body": current_figures([story.body])[0],
        "writers": story.ordered_writers(),
        "tags": list(story.tags.all()),
        # Prefetched with the article; the NewsArticle JSON-LD and the page both list them.
        "corrections": list(story.corrections.all()),
        "related": related_articles(story),
        "crumbs": section_crumbs(story.section),
        "active_section": (story.section.parent or story.section).slug,
        "preview": preview,
        "verifies": [earlier for earlier in story.verifies.all() if earlier.is_published],
        # Only a live report costs the query for its updates.
        # Pinned ("penting") first, then newest first.
        "live_updates": sorted(access.live_updates(story), key=lambda u: not u.pinned)
        if story.live_started_at
        else [],
    }


def private_preview(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
