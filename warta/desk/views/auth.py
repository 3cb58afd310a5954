from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from warta.desk import throttle
from warta.lib.addresses import client_ip
from warta.news import access, actions
from warta.news.access import role_of


class LoginForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    password = forms.CharField(
        label=gettext_lazy("Password"), widget=forms.PasswordInput, max_length=256
    )


@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST if request.method == "POST" else None)
    error = ""
    target = request.POST.get("next") or request.GET.get("next") or "/desk/"
    if not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        target = "/desk/"
    if request.method == "POST" and form.is_valid():
        username, ip = form.cleaned_data["username"], client_ip(request)
        blocked = throttle.is_blocked(username, ip)
        user = None
        if not blocked:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if user is not None and role_of(user) is not None:
            throttle.clear(username, ip)
            login(request, user)
            actions.audit("login", by=user, summary=username[:150], ip=ip)
            return redirect(target)
        if not blocked:
            # Attempts refused unheard are not counted, so a locked address cannot go on to
            # lock the account for everyone else.
            throttle.record_failure(username, ip)
        actions.audit("login_failed", by=None, summary=username[:150], ip=ip)
        error = _(
            "The username or password is wrong, or there were too many attempts. "
            "Check them, or try again in 15 minutes."
        )
    return render(
        request,
        "desk/login.html",
        {"form": form, "error": error, "next": target},
        status=200 if not error else 400,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("desk:login")


class ForgotForm(forms.Form):
    identifier = forms.CharField(label=gettext_lazy("User name or e-mail address"), max_length=254)


@never_cache
def forgot_password(request: HttpRequest) -> HttpResponse:
    """Ask for a link to a new password. The answer is the same whether or not the account
    exists, has an address or has asked already, so the form tells nobody who works here."""
    form = ForgotForm(request.POST if request.method == "POST" else None)
    ip = client_ip(request)
    if request.method == "POST" and throttle.reset_blocked(ip):
        error = _("Too many requests from this address. Try again in 15 minutes.")
        return render(
            request, "desk/password_forgot.html", {"form": form, "error": error}, status=429
        )
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        user = access.account_for_reset(identifier)
        if throttle.reset_allowed(str(user.pk) if user else identifier, ip) and user is not None:
            actions.request_password_reset(user, ip=ip)
        messages.success(
            request,
            _(
                "If the account exists and has an e-mail address, a link to set a new password "
                "has been sent to it. The link works for two hours."
            ),
        )
        return redirect("desk:password_forgot")
    return render(
        request, "desk/password_forgot.html", {"form": form}, status=400 if form.errors else 200
    )


class ResetPassword(PasswordResetConfirmView):
    """The link from the e-mail: Django checks it (once, for PASSWORD_RESET_TIMEOUT); the new
    password is saved through the action, audited."""

    template_name = "desk/password_reset.html"
    success_url = reverse_lazy("desk:login")

    def form_valid(self, form: Any) -> HttpResponse:
        user = self.user  # set by dispatch from the link
        actions.set_staff_password(
            user,
            password=form.cleaned_data["new_password1"],
            by=user,
            ip=client_ip(self.request),
        )
        self.request.session.pop(INTERNAL_RESET_SESSION_TOKEN, None)
        messages.success(self.request, _("The new password is saved. Sign in with it."))
        return HttpResponseRedirect(self.get_success_url())
