"""Desk forms: validation in the newsroom's words, next to the field that needs fixing."""

import re
from datetime import datetime, time
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_prose_editor.fields import ProseEditorFormField

from warta.desk import body as body_format
from warta.lib.html import clean_html, clean_text, removed_parts
from warta.lib.slugs import make_slug
from warta.media.html import current_figures
from warta.media.models import Image
from warta.news.models import Article, Correction, Person, Section, Takedown, Topic

# Every mark the body's allowlist keeps (warta.lib.html.TAGS) has its extension here: the editor
# drops what it does not know, so a body from an import or the API would lose its m² or H₂O
# the first time someone saved it in the desk.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Underline": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Figure": True,
    "Caption": True,
    "Image": True,
    "HardBreak": True,
}
MAX_TAGS = 10


class ArticleForm(forms.Form):
    headline = forms.CharField(
        label=pgettext_lazy("article field", "Headline"),
        max_length=200,
        help_text=_("Search engines show about 60 characters, social cards about 100."),
        # A box that wraps, so a long headline is read whole on a phone (desk.js keeps it one
        # line and grows it with the text).
        widget=forms.Textarea(attrs={"rows": 2, "class": "headline-box"}),
    )
    kicker = forms.CharField(label=_("Kicker"), max_length=60, required=False)
    summary = forms.CharField(
        label=_("Summary"), max_length=400, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    dateline_city = forms.CharField(label=_("Dateline city"), max_length=60, required=False)
    body = ProseEditorFormField(
        label=_("Body"), required=False, config={"extensions": EDITOR_EXTENSIONS}
    )
    section = forms.ModelChoiceField(label=_("Section"), queryset=Section.objects.all())
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=600,
        help_text=_("Separate tags with commas; new tags are created."),
    )
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.all(), required=False)
    hero_image = forms.ModelChoiceField(
        label=_("Hero photo"), queryset=Image.objects.order_by("-created_at"), required=False
    )
    writer_1 = forms.ModelChoiceField(
        label=_("Writer"), queryset=Person.objects.all(), required=False
    )
    writer_2 = forms.ModelChoiceField(
        label=_("Second writer"), queryset=Person.objects.all(), required=False
    )
    writer_3 = forms.ModelChoiceField(
        label=_("Third writer"), queryset=Person.objects.all(), required=False
    )
    editor = forms.ModelChoiceField(
        label=_("Editor"), queryset=Person.objects.all(), required=False
    )
    seo_title = forms.CharField(label=_("SEO title"), max_length=70, required=False)
    seo_description = forms.CharField(label=_("SEO description"), max_length=160, required=False)
    slug = forms.SlugField(
        label=_("Slug"),
        max_length=100,
        required=False,
        help_text=_(
            "Made from the headline when empty. Old addresses keep redirecting after a change."
        ),
    )
    base_revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        may_choose_writers: bool = True,
        may_choose_editor: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.may_choose_writers = may_choose_writers
        self.may_choose_editor = may_choose_editor
        self.removed: list[str] = []
        self.fields["hero_image"].label_from_instance = lambda image: (
            f"{image.caption} ({image.credit})"
        )
        # Active people are offered; one already credited stays choosable after going inactive.
        credited = [self.initial.get(f"writer_{n}") for n in (1, 2, 3)] + [
            self.initial.get("editor")
        ]
        people = Person.objects.filter(
            Q(active=True) | Q(pk__in=[getattr(p, "pk", p) for p in credited if p])
        )
        for name in ("writer_1", "writer_2", "writer_3", "editor"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = _person_label
        if not may_choose_writers:
            for name in ("writer_1", "writer_2", "writer_3"):
                del self.fields[name]
        if not may_choose_editor:
            del self.fields["editor"]

    def clean_body(self) -> str:
        raw = self.cleaned_data.get("body") or ""
        cleaned = clean_html(body_format.from_editor(clean_html(raw)))
        self.removed = removed_parts(raw, clean_html(raw))
        return cleaned

    def clean_tags(self) -> list[str]:
        raw = [name for name in self.cleaned_data["tags"].split(",") if name.strip()]
        names = list(dict.fromkeys(clean_text(name)[:80] for name in raw))
        if "" in names:
            raise forms.ValidationError(
                _("A tag must be words: one of these is empty once its markup is removed.")
            )
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(_("At most %(count)s tags."), params={"count": MAX_TAGS})
        return names

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in (
            "headline",
            "kicker",
            "summary",
            "dateline_city",
            "seo_title",
            "seo_description",
        ):
            if data.get(name):
                data[name] = clean_text(data[name])
        if "headline" in data and not data["headline"]:
            self.add_error("headline", _("The headline cannot be empty."))
        if self.may_choose_writers:
            writers = [data.get(f"writer_{n}") for n in (1, 2, 3)]
            writers = [person for person in writers if person]
            if not writers:
                self.add_error("writer_1", _("An article needs at least one writer."))
            elif len({person.pk for person in writers}) != len(writers):
                self.add_error("writer_2", _("The same writer is chosen twice."))
        return data

    def revision_data(self, *, keep_people: dict[str, Any] | None = None) -> dict[str, Any]:
        """The form as revision data; credits this user may not change come from
        `keep_people` (writers, editor), as they were."""
        data = self.cleaned_data
        people = {
            "writers": [data[f"writer_{n}"].pk for n in (1, 2, 3) if data.get(f"writer_{n}")],
            "editor": data["editor"].pk if data.get("editor") else None,
            **(keep_people or {}),
        }
        return {
            "headline": data["headline"],
            "slug": data.get("slug") or make_slug(data["headline"]),
            "kicker": data.get("kicker", ""),
            "summary": data.get("summary", ""),
            "dateline_city": data.get("dateline_city", ""),
            "body": data.get("body", ""),
            "section": data["section"].pk,
            "topic": data["topic"].pk if data.get("topic") else None,
            "hero_image": data["hero_image"].pk if data.get("hero_image") else None,
            "tags": data.get("tags", []),
            "seo_title": data.get("seo_title", ""),
            "seo_description": data.get("seo_description", ""),
            **people,
        }


def initial_from_revision(data: dict[str, Any], revision_id: int | None) -> dict[str, Any]:
    writers = list(data.get("writers") or [])
    return {
        **{
            name: data.get(name)
            for name in (
                "headline",
                "kicker",
                "summary",
                "dateline_city",
                "slug",
                "seo_title",
                "seo_description",
                "section",
                "topic",
                "hero_image",
                "editor",
            )
        },
        "body": body_format.to_editor(current_figures([data.get("body") or ""])[0]),
        "tags": ", ".join(data.get("tags") or []),
        **{f"writer_{n}": writers[n - 1] if len(writers) >= n else None for n in (1, 2, 3)},
        "base_revision": revision_id,
    }


def _person_label(person: Person) -> str:
    roles = ", ".join(person.role_labels)
    unconfirmed = f" · {_('proposed')}" if not person.confirmed else ""
    return f"{person.name} ({roles}){unconfirmed}" if roles else f"{person.name}{unconfirmed}"


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].required = required
        if required:
            self.fields["note"].error_messages["required"] = _(
                "Write a note: it tells the others why."
            )


class ScheduleForm(NoteForm):
    # Browsers' date and time inputs speak ISO, whatever the page's language.
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(
        label=_("Time (WIB)"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date") and data.get("time") is not None:
            moment = datetime.combine(
                data["date"], data["time"], tzinfo=timezone.get_current_timezone()
            )
            if moment <= timezone.now():
                raise forms.ValidationError(_("Choose a time in the future."))
            data["at"] = moment
        return data


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Correction.Kind.choices)
    text = forms.CharField(
        label=_("Public text"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_text(self) -> str:
        text = clean_text(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError(_("Write what was corrected, for readers."))
        return text


class TakedownForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason (Pedoman Pemberitaan Media Siber, point 5)"),
        choices=Takedown.Reason.choices,
    )
    text = forms.CharField(
        label=_("Public text"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown at the article's address and on the corrections page."),
    )

    def clean_text(self) -> str:
        text = clean_text(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError(_("Write for readers why it was taken down."))
        return text


def default_schedule_time() -> time:
    return (
        (timezone.localtime() + timezone.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    )


class SponsorshipForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"), choices=Article.Kind.choices, widget=forms.RadioSelect
    )
    sponsor = forms.CharField(
        label=_("Sponsor"),
        max_length=120,
        required=False,
        help_text=_("Who paid for it: readers are told."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["sponsor"] = clean_text(data.get("sponsor") or "")
        if data.get("kind") not in (None, Article.Kind.NEWS) and not data["sponsor"]:
            self.add_error("sponsor", _("Name the sponsor: readers must know who paid."))
        return data


# The guideline's wording (Pedoman Pemberitaan Media Siber, point 2.3.c): offered, editable.
DEFAULT_VERIFICATION_NOTICE = (
    "Berita ini masih memerlukan verifikasi lebih lanjut yang diupayakan dalam waktu secepatnya."
)
ARTICLE_ADDRESS = re.compile(r"/(\d+)/[^/]*/?$")


class VerificationForm(forms.Form):
    notice = forms.CharField(
        label=_("Verification notice"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Shown at the end of the article, in brackets and italics, and in its feed item. "
            "Leave it empty to remove it."
        ),
    )
    update = forms.CharField(
        label=_("The update that verifies it"),
        max_length=500,
        required=False,
        help_text=_("The later article's number or its address; the two then link each other."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to remove the notice: why it goes."),
    )

    def __init__(self, *args: Any, article: Article, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.article = article

    def clean_update(self) -> Article | None:
        raw = self.cleaned_data["update"].strip()
        if not raw:
            return None
        found = ARTICLE_ADDRESS.search(raw)
        pk = int(raw) if raw.isdigit() else int(found.group(1)) if found else None
        update = Article.objects.filter(pk=pk).first() if pk else None
        if update is None:
            raise forms.ValidationError(_("No article with that number or address."))
        if update.pk == self.article.pk or update.status == Article.Status.TAKEN_DOWN:
            raise forms.ValidationError(_("The update must be another, live article."))
        return update

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["notice"] = clean_text(data.get("notice") or "")
        data["note"] = clean_text(data.get("note") or "")
        if self.article.verification_notice and not data["notice"] and not data["note"]:
            self.add_error("note", _("Write why the notice is removed."))
        return data
