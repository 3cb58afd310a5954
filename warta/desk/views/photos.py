"""The photo desk: the media library, uploads, focal points and the article editor's picker."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from warta.desk.decorators import staff_view
from warta.lib.addresses import client_ip
from warta.lib.html import clean_text
from warta.media.models import Image
from warta.media.validation import accepted_formats, validate_upload
from warta.news import access, actions
from warta.news.models import Article, Person

PAGE_SIZE = 24
LOOKUP_SIZE = 20
CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".avif": "image/avif",
}
# The crops shown before saving: (rendition name, label, aspect width, aspect height).
PREVIEW_CROPS = (
    ("16x9", "16:9", 16, 9),
    ("1x1", "1:1", 1, 1),
    ("4x5", "4:5", 4, 5),
    ("og", "1200×630", 40, 21),
)
TEXT_FIELDS = ("caption", "credit", "alt_text", "usage_note")


class PhotoForm(forms.Form):
    caption = forms.CharField(
        label=gettext_lazy("Caption"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Who, what, where and when, as readers will see it under the photo."
        ),
    )
    credit = forms.CharField(
        label=gettext_lazy("Credit/source"),
        max_length=120,
        help_text=gettext_lazy("Who made or supplied the photo, e.g. “Antara/Rina Kusuma”."),
    )
    alt_text = forms.CharField(
        label=gettext_lazy("Alt text"),
        max_length=250,
        help_text=gettext_lazy("What the photo shows, for readers who cannot see it."),
    )
    photographer = forms.ModelChoiceField(
        label=gettext_lazy("Photographer"), queryset=Person.objects.order_by("name"), required=False
    )
    usage_note = forms.CharField(
        label=gettext_lazy("Usage/licence note"),
        max_length=250,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in TEXT_FIELDS:
            if name not in data:
                continue
            data[name] = clean_text(data[name])
            if not data[name] and self.fields[name].required:
                self.add_error(name, _("Write this in words; markup alone is removed."))
        return data


class PhotoUploadForm(PhotoForm):
    file = forms.FileField(
        label=gettext_lazy("Photo file"),
        error_messages={"required": gettext_lazy("Choose a photo to upload.")},
    )
    field_order = ["file"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        formats = accepted_formats()
        mime = [f"image/{'jpeg' if name == 'JPEG' else name.lower()}" for name in formats]
        self.fields["file"].widget.attrs["accept"] = ",".join(mime)
        self.fields["file"].help_text = _("%(formats)s, at most %(limit)s MB.") % {
            "formats": ", ".join("WebP" if name == "WEBP" else name for name in formats),
            "limit": settings.WARTA_MEDIA_MAX_UPLOAD_MB,
        }

    def clean_file(self) -> UploadedFile:
        """Header checks now, so the reason shows beside the other fields' errors."""
        uploaded = self.cleaned_data["file"]
        validate_upload(uploaded)
        return uploaded


class PhotoEditForm(PhotoForm):
    focal_x = forms.FloatField(
        label=gettext_lazy("Focal point, across (0 to 1)"),
        min_value=0,
        max_value=1,
        widget=forms.NumberInput(attrs={"step": "0.001"}),
    )
    focal_y = forms.FloatField(
        label=gettext_lazy("Focal point, down (0 to 1)"),
        min_value=0,
        max_value=1,
        widget=forms.NumberInput(attrs={"step": "0.001"}),
    )


def _search(images: QuerySet[Image], q: str) -> QuerySet[Image]:
    """Every word must appear in the caption, the credit or the photographer's name."""
    for word in q.split()[:8]:
        images = images.filter(
            Q(caption__icontains=word)
            | Q(credit__icontains=word)
            | Q(photographer__name__icontains=word)
        )
    return images


def _thumbnail(image: Image) -> str | None:
    """A square thumbnail, or None while the worker has not made the renditions yet."""
    square = image.rendition_set("1x1")
    return square.at_least(320, "webp").url if square else None


@staff_view()
def photos(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    images = _search(Image.objects.select_related("photographer").order_by("-created_at", "-pk"), q)
    page = Paginator(images, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(image, _thumbnail(image)) for image in page]
    return render(request, "desk/photos.html", {"page": page, "rows": rows, "q": q})


@staff_view()
def photo_upload(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = PhotoUploadForm(request.POST, request.FILES)
    else:
        form = PhotoUploadForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            image = actions.upload_photo(
                data["file"],
                by=request.user,
                ip=client_ip(request),
                caption=data["caption"],
                credit=data["credit"],
                alt_text=data["alt_text"],
                photographer=data.get("photographer"),
                usage_note=data.get("usage_note", ""),
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request, _("The photo is saved. Click its subject to set the focal point.")
            )
            return redirect("desk:photo_edit", image.pk)
    return render(
        request, "desk/photo_upload.html", {"form": form}, status=400 if form.errors else 200
    )


def _used_in(image: Image, user: Any) -> list[tuple[Article, bool, bool]]:
    """Articles this user may see that show the photo: (article, hero, inline)."""
    marker = f"/renditions/{image.pk}/"
    articles = (
        (access.articles_with_photo(image.pk) & access.visible_articles(user))
        .select_related("section")
        .order_by("-pk")
    )
    return [
        (article, article.hero_image_id == image.pk, marker in article.body) for article in articles
    ]


@staff_view()
def photo_edit(request: HttpRequest, pk: int) -> HttpResponse:
    image = get_object_or_404(Image.objects.select_related("photographer"), pk=pk)
    initial = {name: getattr(image, name) for name in TEXT_FIELDS}
    initial.update(photographer=image.photographer, focal_x=image.focal_x, focal_y=image.focal_y)
    may_edit = access.may_edit_photo(request.user, image.pk)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied("photo in print")
    form = PhotoEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if not may_edit:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recut = actions.edit_photo(
            image,
            by=request.user,
            ip=client_ip(request),
            focal=(data["focal_x"], data["focal_y"]),
            photographer=data["photographer"],
            **{name: data[name] for name in TEXT_FIELDS},
        )
        if recut:
            messages.success(
                request, _("Saved. The new crops will be ready on the site in a moment.")
            )
        else:
            messages.success(request, _("The photo is saved."))
        return redirect("desk:photo_edit", image.pk)
    context = {
        "image": image,
        "form": form,
        "crops": PREVIEW_CROPS,
        "used_in": _used_in(image, request.user),
        "may_edit": may_edit,
        "processing": not image.renditions,
    }
    return render(request, "desk/photo_edit.html", context, status=400 if form.errors else 200)


@staff_view()
def photo_original(request: HttpRequest, pk: int) -> FileResponse:
    image = get_object_or_404(Image, pk=pk)
    content_type = CONTENT_TYPES.get(PurePath(image.file.name).suffix.lower())
    if content_type is None:
        raise Http404("Unknown kind of file")
    try:
        handle = image.file.open("rb")
    except FileNotFoundError:
        raise Http404("The original file is missing") from None
    return FileResponse(handle, content_type=content_type)


@staff_view()
def photo_lookup(request: HttpRequest) -> JsonResponse:
    q = request.GET.get("q", "").strip()[:100]
    images = _search(
        Image.objects.exclude(renditions={}).select_related("photographer"), q
    ).order_by("-created_at", "-pk")
    results = []
    for image in images[:LOOKUP_SIZE]:
        wide = image.rendition_set("16x9")
        if wide is None:
            continue
        large = wide.at_least(1200, "jpg")
        results.append(
            {
                "id": image.pk,
                "caption": image.caption,
                "credit": image.credit,
                "alt": image.alt_text,
                "thumbnail": _thumbnail(image),
                "url": large.url,
                "width": large.width,
                "height": large.height,
            }
        )
    return JsonResponse({"results": results})
