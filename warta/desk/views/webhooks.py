"""Webhooks, for admins: the endpoints other systems gave the newsroom, their secrets, and
every delivery with its answer, so a partner's "we never got it" can be checked."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from warta.desk.decorators import staff_view
from warta.lib.addresses import client_ip
from warta.news import actions
from warta.news.models import Webhook, WebhookDelivery

DELIVERIES_SHOWN = 50


class WebhookForm(forms.ModelForm):
    url = forms.URLField(
        label=gettext_lazy("endpoint address"), max_length=500, assume_scheme="https"
    )
    events = forms.MultipleChoiceField(
        label=gettext_lazy("events"),
        choices=Webhook.Event.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Webhook
        fields = ["description", "url", "events", "active"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if not url.startswith(("http://", "https://")):
            raise forms.ValidationError(gettext_lazy("Write an http or https address."))
        return url


@staff_view("admin")
def webhooks(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    hook = get_object_or_404(Webhook, pk=pk) if pk else None
    form = WebhookForm(request.POST or None, instance=hook)
    if request.method == "POST" and "new_secret" in request.POST and hook is not None:
        actions.save_webhook(hook, by=request.user, new_secret=True, ip=client_ip(request))
        messages.success(request, _("A new secret is set: give it to the receiving system."))
        return redirect("desk:webhooks_edit", hook.pk)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_webhook(
            form.save(commit=False), by=request.user, ip=client_ip(request)
        )
        messages.success(request, _("Saved."))
        return redirect("desk:webhooks_edit", saved.pk)
    deliveries = WebhookDelivery.objects.select_related("webhook")
    if hook is not None:
        deliveries = deliveries.filter(webhook=hook)
    return render(
        request,
        "desk/webhooks.html",
        {
            "form": form,
            "hook": hook,
            "hooks": Webhook.objects.all(),
            "deliveries": deliveries[:DELIVERIES_SHOWN],
        },
        status=400 if form.errors else 200,
    )
