"""Site settings, for admins: what readers see of the newsroom besides its news."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import models
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from warta.desk.decorators import staff_view
from warta.lib.addresses import client_ip
from warta.lib.html import clean_text
from warta.news import actions
from warta.news.models import SiteSettings


def _https_by_default(field: models.Field, **kwargs: Any) -> forms.Field | None:
    """Profile addresses typed without a scheme are read as https, as browsers do."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class SiteSettingsForm(forms.ModelForm):
    # Longer than a handle, so that a pasted profile address reaches clean_x_handle.
    x_handle = forms.CharField(
        label=SiteSettings._meta.get_field("x_handle").verbose_name,
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "@wartaid"}),
    )

    class Meta:
        model = SiteSettings
        formfield_callback = _https_by_default
        fields = [
            "tagline",
            "description",
            "contact_email",
            "breaking_hours",
            "x_handle",
            "facebook_url",
            "instagram_url",
            "youtube_url",
            "tiktok_url",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "facebook_url": forms.URLInput(attrs={"placeholder": "https://www.facebook.com/…"}),
        }

    def clean_tagline(self) -> str:
        return clean_text(self.cleaned_data["tagline"])

    def clean_description(self) -> str:
        return clean_text(self.cleaned_data["description"])

    def clean_x_handle(self) -> str:
        """People paste "@wartaid" or the profile's address; both mean the account name."""
        handle = self.cleaned_data["x_handle"].strip()
        for prefix in ("https://x.com/", "https://twitter.com/", "@"):
            handle = handle.removeprefix(prefix)
        return handle.strip("/")


@staff_view("admin")
def site_settings(request: HttpRequest) -> HttpResponse:
    site = SiteSettings.load()
    form = SiteSettingsForm(request.POST if request.method == "POST" else None, instance=site)
    # Compared after cleaning, so "@wartaid" typed again over "wartaid" is no change.
    before = model_to_dict(site, fields=SiteSettingsForm.Meta.fields)
    if request.method == "POST" and form.is_valid():
        changed = [name for name, value in before.items() if form.cleaned_data[name] != value]
        if changed:
            actions.save_site_settings(
                form.save(commit=False),
                changed=changed,
                by=request.user,
                ip=client_ip(request),
            )
            messages.success(request, _("The site settings are saved; readers see them now."))
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("desk:site_settings")
    context = {
        "form": form,
        "environment": [
            (_("Name"), settings.SITE_NAME, "WARTA_SITE_NAME"),
            (_("Address"), settings.SITE_URL, "WARTA_SITE_URL"),
            (_("Language"), settings.LANGUAGE_CODE, "WARTA_LANGUAGE"),
            (_("Time zone"), settings.TIME_ZONE, "WARTA_TIME_ZONE"),
        ],
    }
    return render(request, "desk/admin/settings.html", context, status=400 if form.errors else 200)
