"""Newsroom administration in the desk: staff, their roles, names, addresses and passwords
(admins), sections, static pages and search synonyms (admins), topics (editors). Every change
is audited; those readers see refresh the reader site."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, password_validation, update_session_auth_hash
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from warta.desk.decorators import staff_view
from warta.desk.views.account import ProfileForm, profile_form
from warta.lib.addresses import client_ip
from warta.lib.html import clean_html
from warta.news import actions
from warta.news.access import ROLES, role_of
from warta.news.models import Page, Section, Topic
from warta.search.analysis import terms
from warta.search.models import Synonym

ROLE_CHOICES = [("", gettext_lazy("No access")), *[(role, role) for role in ROLES]]


class StaffForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=ROLE_CHOICES, required=False)
    active = forms.BooleanField(label=gettext_lazy("Active"), required=False)


class NewStaffForm(StaffForm):
    username = forms.RegexField(label=gettext_lazy("Username"), regex=r"^[\w.@+-]{2,150}$")
    name = forms.CharField(label=gettext_lazy("Name"), max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail address"), required=False)
    password = forms.CharField(
        label=gettext_lazy("Password"), widget=forms.PasswordInput, max_length=256
    )

    def clean_username(self) -> str:
        name = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=name).exists():
            raise ValidationError(gettext_lazy("That username is taken."))
        return name

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("password"):
            candidate = get_user_model()(username=data.get("username", ""))
            try:
                password_validation.validate_password(data["password"], candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return data


@staff_view("admin")
def staff(request: HttpRequest) -> HttpResponse:
    form = NewStaffForm(
        request.POST if request.method == "POST" else None,
        initial={"active": True, "role": "penulis"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.create_staff_account(
            username=data["username"],
            password=data["password"],
            role=data["role"] or None,
            active=data["active"],
            name=data["name"],
            email=data["email"],
            by=request.user,
            ip=client_ip(request),
        )
        messages.success(request, _("The account is created."))
        return redirect("desk:staff")
    people = get_user_model().objects.order_by("username").prefetch_related("groups")
    rows = [(user, role_of(user) if user.is_active else None) for user in people]
    return render(
        request,
        "desk/admin/staff.html",
        {"form": form, "rows": rows, "roles": ROLE_CHOICES},
        status=400 if form.errors else 200,
    )


@staff_view("admin")
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(get_user_model(), pk=pk)
    form = StaffForm(request.POST)
    if request.method != "POST" or not form.is_valid():
        messages.error(request, _("Choose a role."))
    elif user.pk == request.user.pk and form.cleaned_data["role"] != "admin":
        messages.error(request, _("You cannot take away your own admin role."))
    else:
        actions.set_staff_role(
            user,
            role=form.cleaned_data["role"] or None,
            active=form.cleaned_data["active"],
            by=request.user,
            ip=client_ip(request),
        )
        messages.success(request, _("The role is saved."))
    return redirect("desk:staff")


def _colleague(request: HttpRequest, pk: int) -> Any:
    """A staff account an admin may change. A superuser also holds the Django admin: only
    another superuser changes their password or address."""
    member = get_object_or_404(get_user_model(), pk=pk)
    if member.is_superuser and not request.user.is_superuser:
        raise PermissionDenied("superuser")
    return member


def _member_page(
    request: HttpRequest, member: Any, profile: ProfileForm, password: SetPasswordForm
) -> HttpResponse:
    invalid = (profile.is_bound and profile.errors) or password.errors
    return render(
        request,
        "desk/admin/staff_member.html",
        {"member": member, "profile_form": profile, "password_form": password},
        status=400 if invalid else 200,
    )


@staff_view("admin")
def staff_member(request: HttpRequest, pk: int) -> HttpResponse:
    """A colleague's name and address (notifications by e-mail need one)."""
    member = _colleague(request, pk)
    form = profile_form(member, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.set_staff_profile(
            member,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            by=request.user,
            ip=client_ip(request),
        )
        messages.success(request, _("%(name)s is saved.") % {"name": member.get_username()})
        return redirect("desk:staff")
    return _member_page(request, member, form, SetPasswordForm(member))


@staff_view("admin")
def staff_password(request: HttpRequest, pk: int) -> HttpResponse:
    """An admin gives a colleague a new password: an imported writer their first, or anyone who
    lost theirs. Every session the account had ends."""
    member = _colleague(request, pk)
    form = SetPasswordForm(member, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.set_staff_password(
            member,
            password=form.cleaned_data["new_password1"],
            by=request.user,
            ip=client_ip(request),
        )
        if member.pk == request.user.pk:
            update_session_auth_hash(request, member)
        messages.success(
            request, _("%(name)s has a new password.") % {"name": member.get_username()}
        )
        return redirect("desk:staff")
    return _member_page(request, member, profile_form(member), form)


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["name", "slug", "parent", "order", "in_menu", "description"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Section.objects.filter(parent__isnull=True).exclude(
            pk=self.instance.pk
        )


class PageForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = ["title", "slug", "body", "order", "in_footer"]

    def clean_body(self) -> str:
        return clean_html(self.cleaned_data["body"])


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name", "slug", "description"]


class SynonymForm(forms.ModelForm):
    class Meta:
        model = Synonym
        fields = ["term", "means", "both_ways"]
        error_messages = {
            "term": {"required": gettext_lazy("Write the word or abbreviation readers type.")},
            "means": {"required": gettext_lazy("Write at least one equivalent.")},
        }

    def clean_term(self) -> str:
        term = " ".join(self.cleaned_data["term"].split())
        if not terms(term):
            raise ValidationError(gettext_lazy("The term needs at least one letter or digit."))
        if Synonym.objects.filter(term__iexact=term).exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                gettext_lazy("“%(term)s” is already in the list; change that entry instead."),
                params={"term": term},
            )
        return term

    def clean_means(self) -> str:
        """Equivalents without stray spaces, empty items or repeats, ", " between them."""
        kept: dict[str, str] = {}
        for part in self.cleaned_data["means"].split(","):
            text = " ".join(part.split())
            if terms(text):
                kept.setdefault(text.casefold(), text)
        if not kept:
            raise ValidationError(
                gettext_lazy("Write at least one equivalent; separate several with commas.")
            )
        return ", ".join(kept.values())

    def clean(self) -> dict:
        data = super().clean() or {}
        term, means = data.get("term"), data.get("means")
        if term and means:
            # Compared as the search compares them: by their stems (search.parser).
            own = [text for text in means.split(", ") if terms(text) == terms(term)]
            if own:
                self.add_error(
                    "means",
                    ValidationError(
                        gettext_lazy("“%(word)s” is the term itself; write a different word."),
                        params={"word": own[0]},
                    ),
                )
        return data


def _records(
    request: HttpRequest,
    model: type,
    form_class: type,
    pk: int | None,
    template: str,
    name: str,
    *,
    filter_fields: tuple[str, ...] = (),
    deletable: bool = False,
    row_template: str = "",
    intro: str = "",
) -> HttpResponse:
    """The list, add and edit page of one kind of site record.

    filter_fields: the list gets a filter box over these fields. deletable: an edit page offers
    deletion, which a second POST confirms (a POST with "delete" asks, "confirm" deletes).
    """
    record = get_object_or_404(model, pk=pk) if pk else None
    if deletable and record and request.method == "POST" and "delete" in request.POST:
        if "confirm" in request.POST:
            actions.delete_site_record(record, by=request.user, ip=client_ip(request))
            messages.success(request, _("Deleted: %(record)s") % {"record": record})
            return redirect(name)
        context = {
            "record": record,
            "title": model._meta.verbose_name_plural,
            "edit_name": f"{name}_edit",
        }
        return render(request, template, {**context, "confirm_delete": True})
    form = form_class(request.POST if request.method == "POST" else None, instance=record)
    if request.method == "POST" and form.is_valid():
        actions.save_site_record(form.save(commit=False), by=request.user, ip=client_ip(request))
        messages.success(request, _("Saved."))
        return redirect(name)
    rows = model.objects.all()
    filter_text = " ".join(request.GET.get("saring", "").split())[:100]
    if filter_fields and filter_text:
        matches = Q()
        for field in filter_fields:
            matches |= Q(**{f"{field}__icontains": filter_text})
        rows = rows.filter(matches)
    context = {
        "form": form,
        "record": record,
        "rows": rows,
        "title": model._meta.verbose_name_plural,
        "edit_name": f"{name}_edit",
        "list_name": name,
        "filterable": bool(filter_fields),
        "filter_text": filter_text,
        "deletable": deletable,
        "row_template": row_template,
        "intro": intro,
    }
    return render(request, template, context, status=400 if form.errors else 200)


@staff_view("admin")
def sections(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _records(request, Section, SectionForm, pk, "desk/admin/records.html", "desk:sections")


@staff_view("admin")
def pages(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _records(request, Page, PageForm, pk, "desk/admin/records.html", "desk:pages")


@staff_view("editor")
def topics(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _records(request, Topic, TopicForm, pk, "desk/admin/records.html", "desk:topics")


@staff_view("admin")
def synonyms(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _records(
        request,
        Synonym,
        SynonymForm,
        pk,
        "desk/admin/records.html",
        "desk:synonyms",
        filter_fields=("term", "means"),
        deletable=True,
        row_template="desk/admin/synonym_row.html",
        intro=_(
            "Words readers use for the same thing. A change applies to every search at once, "
            "without reindexing."
        ),
    )
