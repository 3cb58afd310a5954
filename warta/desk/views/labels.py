"""Labels an editor puts on an article for the press council's rules: paid content
(Pedoman Pemberitaan Media Siber, point 6) and the verification notice (point 2)."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from warta.desk.decorators import staff_view
from warta.desk.forms import DEFAULT_VERIFICATION_NOTICE, SponsorshipForm, VerificationForm
from warta.lib.addresses import client_ip
from warta.news import actions
from warta.news.access import get_article_for_user


@staff_view("editor")
def labels(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk, action="label")
    posted = request.POST if request.method == "POST" else None
    which = request.POST.get("form")
    sponsorship = SponsorshipForm(
        posted if which == "sponsorship" else None,
        initial={"kind": article.kind, "sponsor": article.sponsor},
    )
    verification = VerificationForm(
        posted if which == "verification" else None,
        article=article,
        initial={
            "notice": article.verification_notice or DEFAULT_VERIFICATION_NOTICE,
            "update": article.verified_in_id or "",
        },
    )
    ip = client_ip(request)
    if which == "sponsorship" and sponsorship.is_valid():
        data = sponsorship.cleaned_data
        actions.set_sponsorship(
            article, kind=data["kind"], sponsor=data["sponsor"], by=request.user, ip=ip
        )
        messages.success(request, _("The article's type is saved."))
        return redirect("desk:article_edit", article.pk)
    if which == "verification" and verification.is_valid():
        data = verification.cleaned_data
        with transaction.atomic():  # the notice and the link, together or not at all
            actions.set_verification_notice(
                article, text=data["notice"], note=data["note"], by=request.user, ip=ip
            )
            if data["update"] != article.verified_in:
                actions.link_verification(article, update=data["update"], by=request.user, ip=ip)
        messages.success(request, _("The verification notice is saved."))
        return redirect("desk:article_edit", article.pk)
    invalid = bool(sponsorship.errors or verification.errors)
    return render(
        request,
        "desk/labels.html",
        {"article": article, "sponsorship": sponsorship, "verification": verification},
        status=400 if invalid else 200,
    )
