"""A staff member's own account: the name the desk shows them by, the address their
notifications go to, and their password. An admin does the same for a colleague from the staff
page (desk/views/admin.py)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import AbstractUser
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from warta.desk.decorators import staff_user, staff_view
from warta.lib.addresses import client_ip
from warta.news import actions


class ProfileForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=150,
        help_text=gettext_lazy("As colleagues see it in the plan, notes and history."),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        required=False,
        help_text=gettext_lazy("Where notifications chosen to come by e-mail are sent."),
    )


def profile_form(member: AbstractUser, data: QueryDict | None = None) -> ProfileForm:
    """The form filled with the account's name and address as they stand."""
    return ProfileForm(data, initial={"name": member.get_full_name(), "email": member.email})


def _page(
    request: HttpRequest, profile: ProfileForm, password_form: PasswordChangeForm
) -> HttpResponse:
    invalid = (profile.is_bound and profile.errors) or password_form.errors
    return render(
        request,
        "desk/account.html",
        {"profile_form": profile, "password_form": password_form},
        status=400 if invalid else 200,
    )


@staff_view()
def account(request: HttpRequest) -> HttpResponse:
    """Change one's own password: the old one first, so a desk left open is not enough."""
    user = staff_user(request)
    password_form = PasswordChangeForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and password_form.is_valid():
        actions.set_staff_password(
            user,
            password=password_form.cleaned_data["new_password1"],
            by=user,
            ip=client_ip(request),
        )
        # This browser stays signed in; every other session of the account ends.
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password is changed."))
        return redirect("desk:account")
    return _page(request, profile_form(user), password_form)


@require_POST
@staff_view()
def account_profile(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = profile_form(user, request.POST)
    if not form.is_valid():
        return _page(request, form, PasswordChangeForm(user))
    actions.set_staff_profile(
        user,
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        by=user,
        ip=client_ip(request),
    )
    messages.success(request, _("Your details are saved."))
    return redirect("desk:account")
