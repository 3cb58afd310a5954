"""The markup of a photo on a page: <picture> with WebP and JPEG srcsets and an intrinsic size."""

import re
from collections.abc import Sequence
from functools import lru_cache

from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from warta.media.models import Image
from warta.media.renditions import folder, renditions_of


def picture_html(
    image: Image | None, crop: str = "16x9", sizes: str = "100vw", eager: bool = False
) -> SafeString:
    """Empty when the image has no renditions yet: pages never fall back to the original upload."""
    widths = image.renditions.get(crop) if image else None
    if image is None or not widths:
        return mark_safe("")  # noqa: S308 - constant
    return _picture(
        image.pk, image.rendition_version, crop, tuple(widths), image.alt_text, sizes, eager
    )


# A list page draws a few dozen photos; each markup depends only on these arguments, so it is
# made once per process (about 45 µs each, a tenth of the home page's rendering).
@lru_cache(maxsize=5000)
def _picture(
    pk: int,
    version: int,
    crop: str,
    widths: tuple[int, ...],
    alt_text: str,
    sizes: str,
    eager: bool,
) -> SafeString:
    renditions = renditions_of(pk, version, crop, widths)
    fallback = renditions.at_least(800)
    loading = mark_safe('fetchpriority="high"' if eager else 'loading="lazy"')  # noqa: S308 - constant
    source = (
        format_html(
            '<source type="image/webp" srcset="{}" sizes="{}">', renditions.srcset("webp"), sizes
        )
        if "webp" in renditions.formats
        else ""
    )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" '
        'decoding="async" {}></picture>',
        source,
        fallback.url,
        renditions.srcset("jpg"),
        sizes,
        fallback.width,
        fallback.height,
        alt_text,
        loading,
    )


@receiver(setting_changed)
def _storage_changed(setting: str, **kwargs: object) -> None:
    if setting in ("STORAGES", "MEDIA_URL", "WARTA_MEDIA_URL"):
        _picture.cache_clear()


def inline_figure_html(image: Image) -> SafeString:
    """A photo inside an article body, with its caption and credit, as stored in the body."""
    return format_html(
        '<figure class="gambar">{}<figcaption>Foto: {} <span class="credit">(sumber: {})</span>'
        "</figcaption></figure>",
        picture_html(image, "16x9", sizes="(min-width: 60rem) 44rem, 100vw"),
        image.caption,
        image.credit,
    )


def stored_figure_html(image: Image) -> SafeString:
    """A library photo as an importer stores it in a body before its crops are cut: the <img>
    names where the crops will be, which is all current_figures() needs to draw the photo as
    the library has it, on every page, once the worker has cut them."""
    return format_html(
        '<figure class="gambar"><img src="{}16x9-800.jpg" alt="{}"><figcaption>Foto: {} '
        '<span class="credit">(sumber: {})</span></figcaption></figure>',
        default_storage.url(folder(image, image.version)),
        image.alt_text,
        image.caption,
        image.credit,
    )


# A library photo inside a stored body, and the image it was cut from.
INLINE_FIGURE = re.compile(r'<figure class="gambar">.*?</figure>', re.S)
RENDITION_ID = re.compile(r'src="[^"]*/renditions/(?P<pk>\d+)/v\d+/[^"]*"')


def inline_image_id(figure: str) -> int | None:
    found = RENDITION_ID.search(figure)
    return int(found.group("pk")) if found else None


def current_figures(bodies: Sequence[str]) -> list[str]:
    """The bodies with each inline photo as the library has it now, in one query for all.

    A body keeps the figure as it was when saved (its revisions must not change behind the
    editor's back), but a caption or credit corrected in the photo desk, or crops recut around
    a new focal point, belong on every page the photo is on, at once.
    """
    ids = {pk for body in bodies for pk in map(inline_image_id, INLINE_FIGURE.findall(body)) if pk}
    if not ids:
        return list(bodies)
    images = Image.objects.select_related("photographer").in_bulk(ids)

    def current(match: re.Match[str]) -> str:
        image = images.get(inline_image_id(match.group(0)) or 0)
        if image is None:
            return match.group(0)
        # A photo whose crops are not cut yet shows its caption and credit, never a broken box.
        return str(inline_figure_html(image))

    return [INLINE_FIGURE.sub(current, body) for body in bodies]
