"""Staff search: the reader search's engine over every article a staff member may see.

Editors and admins find articles in any state; a penulis finds their own and the published
ones (access.search_scope). Without words, the filters alone list articles, newest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from warta.desk.decorators import staff_view
from warta.news import access
from warta.news.models import Article, ArticleWriter, Person, Section
from warta.search.query import search as search_articles

PER_PAGE = 20
_PAGE = re.compile(r"[0-9]{1,6}")
# Dates the search can count from: before the first Indonesian news site, after any archive.
FIRST_DAY = date(1990, 1, 1)
LAST_DAY = date(2099, 12, 31)
ORDERS = [("relevance", pgettext_lazy("search", "relevance")), ("newest", _("newest first"))]


class DayInput(forms.DateInput):
    """A date picker; text that is no day (2025-13-45) is not echoed, as browsers drop it."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")

    def format_value(self, value: object) -> str | None:
        text = super().format_value(value)
        try:
            return date.fromisoformat(text).isoformat() if text else None
        except ValueError:
            return None


class SectionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Section) -> str:
        return f"— {obj.name}" if obj.parent_id else obj.name


class StaffSearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, max_length=200)
    status = forms.MultipleChoiceField(
        label=_("Status"),
        choices=Article.Status.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("There is no status “%(value)s”.")},
    )
    writer = forms.ModelChoiceField(
        label=_("Writer"),
        queryset=Person.objects.order_by("name"),
        required=False,
        empty_label=_("All writers"),
        error_messages={"invalid_choice": _("No such writer: choose one from the list.")},
    )
    section = SectionChoice(
        label=_("Section"),
        # Menu order, each section followed by its subsections.
        queryset=Section.objects.order_by(
            Coalesce("parent__order", "order"),
            Coalesce("parent__name", "name"),
            Coalesce("parent_id", "id"),
            F("parent_id").asc(nulls_first=True),
            "order",
            "name",
        ),
        required=False,
        empty_label=_("All sections"),
        error_messages={"invalid_choice": _("No such section: choose one from the list.")},
    )
    since = forms.DateField(
        label=pgettext_lazy("search", "From"),
        required=False,
        widget=DayInput(),
    )
    until = forms.DateField(
        label=pgettext_lazy("search", "Until"),
        required=False,
        widget=DayInput(),
    )
    order = forms.ChoiceField(
        label=_("Sort by"),
        choices=ORDERS,
        required=False,
        error_messages={"invalid_choice": _("Sort by relevance or newest first.")},
    )

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def _clean_day(self, name: str) -> date | None:
        day = self.cleaned_data[name]
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise forms.ValidationError(
                _("Choose a date between 1990 and 2099."), code="out_of_range"
            )
        return day

    def clean_since(self) -> date | None:
        return self._clean_day("since")

    def clean_until(self) -> date | None:
        return self._clean_day("until")

    def clean(self) -> dict:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("This date is before the start date."))
        return data

    @property
    def filtered(self) -> bool:
        """True when a filter narrows the articles (the order is not a filter)."""
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in ("status", "writer", "section", "since", "until"))


@dataclass
class Row:
    """One result as the page shows it: the article with its byline, and what matched."""

    article: Article
    headline: SafeString
    snippet: SafeString


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _listing(form: StaffSearchForm, user: object) -> Paginator:
    """Articles the filters alone pick, newest first (no words typed)."""
    data = form.cleaned_data
    dated = Coalesce("published_at", "created_at")
    articles = access.visible_articles(user).annotate(dated=dated)
    if data["status"]:
        articles = articles.filter(status__in=data["status"])
    if data["writer"]:
        byline = ArticleWriter.objects.filter(article=OuterRef("pk"), person=data["writer"])
        articles = articles.filter(Exists(byline))
    if data["section"]:
        section = data["section"]
        articles = articles.filter(
            section__in=[section.pk, *section.children.values_list("pk", flat=True)]
        )
    if data["since"]:
        articles = articles.filter(dated__gte=_day_start(data["since"]))
    if data["until"]:
        articles = articles.filter(dated__lt=_day_start(data["until"] + timedelta(days=1)))
    return Paginator(articles.order_by("-dated", "-pk").values_list("pk", flat=True), PER_PAGE)


def _rows(ids: list[int], found: dict[int, tuple[SafeString, SafeString]]) -> list[Row]:
    """The page's articles with writers, section and dates, in the order of ids."""
    articles = access.desk_article_queryset().in_bulk(ids)
    rows = []
    for pk in ids:
        article = articles.get(pk)
        if article is None:
            continue
        headline, snippet = found.get(pk, (escape(article.headline), escape(article.summary)))
        rows.append(Row(article=article, headline=headline, snippet=snippet))
    return rows


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if _PAGE.fullmatch(raw) and int(raw) > 0 else 1


def _query(request: HttpRequest, **changes: str) -> str:
    """This page's query string without its page number, with changes."""
    params: QueryDict = request.GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@staff_view()
def search(request: HttpRequest) -> HttpResponse:
    form = StaffSearchForm(request.GET or None)
    context: dict = {"form": form, "rows": [], "page": None, "results": None}
    if not form.is_bound or not form.is_valid():
        return render(request, "desk/search.html", context, status=400 if form.errors else 200)
    data = form.cleaned_data
    order = data["order"] or ("relevance" if data["q"] else "newest")
    number = _page_number(request)
    if data["q"]:
        results = search_articles(
            data["q"],
            published_only=False,
            statuses=data["status"],
            writer=data["writer"],
            section=data["section"],
            since=data["since"],
            until=data["until"],
            order=order,
            visible_among=access.search_scope(request.user),
        )
        try:
            page: Page = results.page(number, PER_PAGE)
        except EmptyPage:
            raise Http404("No such page") from None
        found = {hit.article.pk: (hit.headline, hit.snippet) for hit in page.object_list}
        rows = _rows(list(found), found)
        # Suggestions come from published words only, so a word found in drafts alone would be
        # "corrected"; offer one only when the words found little.
        unsure = results.fallback or not page.paginator.count
        context |= {"results": results, "suggestion": results.suggestion if unsure else ""}
    elif form.filtered:
        try:
            page = _listing(form, request.user).page(number)
        except EmptyPage:
            raise Http404("No such page") from None
        rows = _rows(list(page.object_list), {})
    else:
        return render(request, "desk/search.html", context)
    context |= {
        "searched": True,
        "rows": rows,
        "page": page,
        "order": order,
        "query": data["q"],
        "kept_query": _query(request),
        "relevance_query": _query(request, order="relevance"),
        "newest_query": _query(request, order="newest"),
        "suggestion_query": _query(request, q=context.get("suggestion", "")),
    }
    return render(request, "desk/search.html", context)
