"""API tokens, in the desk: each staff member makes and revokes their own; admins see and may
revoke everyone's. The secret is shown once, on the page that made it, and never stored."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from warta.desk.decorators import staff_view
from warta.lib.addresses import client_ip
from warta.news import access, actions
from warta.news.models import ApiToken

LIFETIMES = [
    ("", gettext_lazy("Never expires")),
    ("30", gettext_lazy("30 days")),
    ("90", gettext_lazy("90 days")),
    ("365", gettext_lazy("One year")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=80,
        help_text=gettext_lazy("What uses it, e.g. “Aplikasi Android”: audit entries name it."),
    )
    lifetime = forms.ChoiceField(label=gettext_lazy("Valid for"), choices=LIFETIMES, required=False)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name


def _staff(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # staff_view lets no reader in
    return request.user


def _listed(request: HttpRequest) -> list[ApiToken]:
    tokens = ApiToken.objects.select_related("user").order_by("-created_at", "-pk")
    if not access.is_admin(request.user):
        tokens = tokens.filter(user=_staff(request))
    return list(tokens)


@staff_view()
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        days = form.cleaned_data["lifetime"]
        expires = timezone.now() + timedelta(days=int(days)) if days else None
        _token, secret = actions.create_api_token(
            _staff(request),
            name=form.cleaned_data["name"],
            expires_at=expires,
            by=request.user,
            ip=client_ip(request),
        )
        form = TokenForm()
    return render(
        request,
        "desk/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": _listed(request),
            "admin": access.is_admin(request.user),
            "now": timezone.now(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@staff_view()
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    mine = ApiToken.objects.select_related("user")
    if not access.is_admin(request.user):
        mine = mine.filter(user=_staff(request))
    token = get_object_or_404(mine, pk=pk)
    actions.revoke_api_token(token, by=request.user, ip=client_ip(request))
    messages.success(
        request, _("The token is revoked: calls made with it are refused from now on.")
    )
    return redirect("desk:tokens")
