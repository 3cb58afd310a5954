from django.shortcuts import get_object_or_404, render

from .models import Article, Section


def published():
    return Article.objects.filter(status="published").order_by("-published_at")


def menu():
    return list(Section.objects.filter(parent=None))


def article(request, section_slug, pk, slug):
    story = get_object_or_404(
        published()
        .select_related("section", "section__parent", "hero_image", "editor")
        .prefetch_related("writers", "tags"),
        pk=pk,
    )
    related = published().filter(section=story.section_id).exclude(pk=story.pk)
    context = {
        "article": story,
        "sections": menu(),
        "related": list(related.select_related("section", "hero_image")[:6]),
    }
    return render(request, "plain_news/article.html", context)


def home(request):
    sections = menu()
    newest = published().select_related("section", "hero_image")
    blocks = [(section, list(newest.filter(section=section)[:4])) for section in sections]
    context = {"sections": sections, "headlines": list(newest[:7]), "blocks": blocks}
    return render(request, "plain_news/home.html", context)
