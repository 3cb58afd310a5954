"""A staff member's own account: the name the desk shows them by, and their password. An
admin sets a colleague's password from the staff page (desk/views/admin.py)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from warta.desk.decorators import staff_user, staff_view
from warta.lib.addresses import client_ip
from warta.news import actions


class NameForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Your name"),
        max_length=150,
        help_text=gettext_lazy("As colleagues see you in the plan, notes and history."),
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())


def _page(
    request: HttpRequest, name_form: NameForm, password_form: PasswordChangeForm
) -> HttpResponse:
    invalid = name_form.is_bound and name_form.errors or password_form.errors
    return render(
        request,
        "desk/account.html",
        {"name_form": name_form, "password_form": password_form},
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
    return _page(request, NameForm(initial={"name": user.get_full_name()}), password_form)


@require_POST
@staff_view()
def account_name(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = NameForm(request.POST)
    if not form.is_valid():
        return _page(request, form, PasswordChangeForm(user))
    actions.set_staff_name(user, name=form.cleaned_data["name"], by=user, ip=client_ip(request))
    messages.success(request, _("Your name is saved."))
    return redirect("desk:account")
