"""Newsroom administration in the desk: staff and roles (admins), sections and static pages
(admins), topics (editors). Every change is audited and refreshes the reader site."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from warta.desk.decorators import client_ip, staff_view
from warta.lib.html import clean_html
from warta.news import actions
from warta.news.access import ROLES, role_of
from warta.news.models import Page, Section, Topic

ROLE_CHOICES = [("", gettext_lazy("No access")), *[(role, role) for role in ROLES]]


class StaffForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=ROLE_CHOICES, required=False)
    active = forms.BooleanField(label=gettext_lazy("Active"), required=False)


class NewStaffForm(StaffForm):
    username = forms.RegexField(label=gettext_lazy("Username"), regex=r"^[\w.@+-]{2,150}$")
    password = forms.CharField(
        label=gettext_lazy("Password"), widget=forms.PasswordInput, max_length=256
    )

    def clean_username(self) -> str:
        name = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=name).exists():
            raise ValidationError(gettext_lazy("That username is taken."))
        return name

    def clean(self) -> dict:
        data = super().clean()
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
        with transaction.atomic():
            user = get_user_model().objects.create_user(data["username"], password=data["password"])
            actions.set_staff_role(
                user,
                role=data["role"] or None,
                active=data["active"],
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


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["name", "slug", "parent", "order", "description"]

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


def _records(
    request: HttpRequest, model: type, form_class: type, pk: int | None, template: str, name: str
) -> HttpResponse:
    record = get_object_or_404(model, pk=pk) if pk else None
    form = form_class(request.POST if request.method == "POST" else None, instance=record)
    if request.method == "POST" and form.is_valid():
        actions.save_site_record(form.save(commit=False), by=request.user, ip=client_ip(request))
        messages.success(request, _("Saved."))
        return redirect(name)
    context = {
        "form": form,
        "record": record,
        "rows": model.objects.all(),
        "title": model._meta.verbose_name_plural,
        "edit_name": f"{name}_edit",
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
