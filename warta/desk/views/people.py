"""People in the desk (/desk/orang/): the bylines a newsroom credits. Editors and admins add,
edit, confirm and merge them; any staff member may propose a new contributor for an editor
to confirm."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.core.validators import URLValidator
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from warta.desk.decorators import staff_view
from warta.lib.addresses import client_ip
from warta.lib.html import clean_text
from warta.lib.slugs import make_slug
from warta.media.models import Image
from warta.news import actions
from warta.news.models import ArticleWriter, Person

PER_PAGE = 50
_url = URLValidator(schemes=["http", "https"])


def _photo_label(image: Image) -> str:
    return f"{image.caption} ({image.credit})"


class PersonForm(forms.ModelForm):
    slug = forms.SlugField(
        label=gettext_lazy("slug"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("The person's address on the site; made from the name when empty."),
    )
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("roles"),
        choices=Person.Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    links = forms.CharField(
        label=gettext_lazy("links"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=gettext_lazy("Profile pages (X, Instagram, a website): one address per line."),
    )

    class Meta:
        model = Person
        fields = ["name", "slug", "roles", "photo", "bio", "links", "user", "active"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        photo = cast(forms.ModelChoiceField, self.fields["photo"])
        photo.queryset = Image.objects.order_by("-created_at")
        photo.label_from_instance = _photo_label  # type: ignore[method-assign,assignment]
        account = cast(forms.ModelChoiceField, self.fields["user"])
        account.queryset = get_user_model().objects.filter(is_staff=True)
        if self.instance.pk:
            self.initial["links"] = "\n".join(self.instance.links)

    def clean_name(self) -> str:
        name = clean_text(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Write the person's name."))
        return name

    def clean_links(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        for link in links:
            try:
                _url(link)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(link)s” is not a web address (http or https)."), params={"link": link}
                ) from None
        return links[:10]

    def clean(self) -> dict:
        data = super().clean() or {}
        slug = data.get("slug") or make_slug(data.get("name") or "", max_length=120)
        taken = Person.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if slug and taken.exists():
            self.add_error(
                "slug",
                _("“%(slug)s” is already the address of %(name)s; choose another.")
                % {"slug": slug, "name": taken.first()},
            )
        data["slug"] = slug
        return data


def _with_counts(people: QuerySet[Person]) -> QuerySet[Person]:
    articles = (
        ArticleWriter.objects.filter(person=OuterRef("pk"))
        .values("person")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return people.annotate(article_count=Coalesce(Subquery(articles), 0))


@staff_view("editor")
def people(request: HttpRequest) -> HttpResponse:
    found = Person.objects.select_related("user", "photo")
    query = " ".join(request.GET.get("q", "").split())[:100]
    if query:
        found = found.filter(Q(name__icontains=query) | Q(slug__icontains=query))
    status = request.GET.get("status", "")
    if status == "usulan":
        found = found.filter(confirmed=False)
    elif status == "nonaktif":
        found = found.filter(active=False)
    page = Paginator(_with_counts(found.order_by("name")), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "desk/people.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "proposed": Person.objects.filter(confirmed=False).count(),
        },
    )


@staff_view("editor")
def person_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk) if pk else None
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        record.confirmed = True  # an editor saving a person vouches for them
        actions.save_site_record(record, by=request.user, ip=client_ip(request))
        messages.success(request, _("Saved."))
        return redirect("desk:person_edit", record.pk)
    count = (
        ArticleWriter.objects.filter(person=person).values("article").distinct().count()
        if person
        else 0
    )
    return render(
        request,
        "desk/person_form.html",
        {"form": form, "person": person, "count": count},
        status=400 if form.errors else 200,
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=gettext_lazy("The same person as"), queryset=Person.objects.order_by("name")
    )


@staff_view("editor")
def person_merge(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    form = MergeForm(request.POST or None)
    into = cast(forms.ModelChoiceField, form.fields["into"])
    into.queryset = Person.objects.exclude(pk=person.pk).order_by("name")
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["into"]
        if "confirm" in request.POST:
            actions.merge_people(keep=keep, gone=person, by=request.user, ip=client_ip(request))
            messages.success(
                request,
                _("%(gone)s is merged into %(keep)s; the old address redirects.")
                % {"gone": person.name, "keep": keep.name},
            )
            return redirect("desk:person_edit", keep.pk)
        return render(
            request, "desk/person_merge.html", {"person": person, "form": form, "keep": keep}
        )
    return render(
        request,
        "desk/person_merge.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


class ProposeForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[
            (Person.Role.CONTRIBUTOR, Person.Role.CONTRIBUTOR.label),
            (Person.Role.AGENCY, Person.Role.AGENCY.label),
            (Person.Role.PHOTOGRAPHER, Person.Role.PHOTOGRAPHER.label),
        ],
    )

    def clean_name(self) -> str:
        name = clean_text(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Write the person's name."))
        return name


@staff_view()
def person_propose(request: HttpRequest) -> HttpResponse:
    form = ProposeForm(request.POST or None)
    back = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts=None) and back.startswith("/desk/")
    if request.method == "POST" and form.is_valid():
        person = actions.propose_person(
            name=form.cleaned_data["name"],
            role=form.cleaned_data["role"],
            by=request.user,
            ip=client_ip(request),
        )
        messages.success(
            request,
            _("%(name)s is added and can be chosen in a byline now; an editor confirms it.")
            % {"name": person.name},
        )
        return redirect(back if safe else "desk:dashboard")
    return render(
        request,
        "desk/person_propose.html",
        {"form": form, "next": back if safe else ""},
        status=400 if form.errors else 200,
    )
