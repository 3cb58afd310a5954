from django import forms
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from warta.desk import throttle
from warta.lib.addresses import client_ip
from warta.news import actions
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
