"""Previews: the exact public template for staff, and revocable 48-hour links for outsiders."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from warta.desk.decorators import staff_view
from warta.news import actions
from warta.news.access import article_for_page, get_article_for_user
from warta.public.article import article_context, private_preview


@staff_view()
def staff_preview(request: HttpRequest, pk: int) -> HttpResponse:
    get_article_for_user(request.user, pk, action="view")
    story = article_for_page(pk, published=False)
    return private_preview(
        render(request, "public/article.html", article_context(story, preview=True))
    )


@require_POST
@staff_view()
def create_link(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk, action="preview_link")
    link = actions.create_preview_link(article, by=request.user)
    # The site's public address, never the Host header the request happened to carry.
    url = f"{settings.SITE_URL}{reverse('public:shared_preview', args=[link.token])}"
    messages.success(request, _("Preview link, valid for 48 hours: %(url)s") % {"url": url})
    return redirect("desk:article_edit", article.pk)


@require_POST
@staff_view()
def revoke_link(request: HttpRequest, pk: int, link: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk, action="preview_link")
    preview = article.preview_links.filter(pk=link).first()
    if preview is None:
        raise Http404("No such link")
    actions.revoke_preview_link(preview, by=request.user)
    messages.success(request, _("The preview link no longer works."))
    return redirect("desk:article_edit", article.pk)
