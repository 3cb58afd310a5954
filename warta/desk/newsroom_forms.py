"""Forms for the newsroom's day: the plan, notes, notifications and live updates."""

from datetime import datetime
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from warta.lib.html import clean_text
from warta.media.models import Image
from warta.news.access import staff_accounts
from warta.news.models import Notification, Section


class StaffChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


def _moment(day: Any, time: Any) -> datetime | None:
    if day is None or time is None:
        return None
    return datetime.combine(day, time, tzinfo=timezone.get_current_timezone())


class AssignmentForm(forms.Form):
    title = forms.CharField(
        label=_("Working title"),
        max_length=200,
        error_messages={"required": _("Write a working title.")},
    )
    brief = forms.CharField(
        label=_("Brief"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    section = forms.ModelChoiceField(label=_("Section"), queryset=Section.objects.all())
    assignees = StaffChoice(
        label=_("Assigned to"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    deadline_date = forms.DateField(
        label=_("Deadline: date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    deadline_time = forms.TimeField(
        label=_("Deadline: time (WIB)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    publish_date = forms.DateField(
        label=_("Planned publication: date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    publish_time = forms.TimeField(
        label=_("Planned publication: time (WIB)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignees"].queryset = staff_accounts()  # type: ignore[attr-defined]
        self.fields["assignees"].error_messages["required"] = _("Choose who covers it.")

    def clean_title(self) -> str:
        title = clean_text(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError(_("Write a working title."))
        return title

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["deadline"] = _moment(data.get("deadline_date"), data.get("deadline_time"))
        data["publish_at"] = _moment(data.get("publish_date"), data.get("publish_time"))
        if bool(data.get("publish_date")) != bool(data.get("publish_time")):
            self.add_error("publish_time", _("Give both the date and the time, or neither."))
        if data["deadline"] and data["publish_at"] and data["publish_at"] < data["deadline"]:
            self.add_error("publish_date", _("Publication cannot come before the deadline."))
        return data


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("terima", _("Accept")), ("tolak", _("Decline"))])
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["reason"] = clean_text(data.get("reason") or "")
        if data.get("answer") == "tolak" and not data["reason"]:
            self.add_error("reason", _("Say why you decline: the editor reads it."))
        return data


class EditorialNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the newsroom sees notes. Mention someone with @ and their username."),
        error_messages={"required": _("Write the note.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_text(self) -> str:
        text = clean_text(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError(_("Write the note."))
        return text


class NotificationEmailForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Also by e-mail"),
        choices=Notification.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class LiveUpdateForm(forms.Form):
    text = forms.CharField(
        label=_("Update"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the update.")},
    )
    image = forms.ModelChoiceField(
        label=_("Photo (optional)"),
        queryset=Image.objects.all(),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        help_text=_("The photo's number in the library."),
        error_messages={"invalid_choice": _("No photo with that number in the library.")},
    )
    pinned = forms.BooleanField(label=_("Important: pin it on top"), required=False)
    correction = forms.CharField(
        label=_("Public correction"),
        max_length=500,
        required=False,
        help_text=_("When changing a posted update: what was corrected, shown under it."),
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if not clean_text(text):
            raise forms.ValidationError(_("Write the update."))
        return text
