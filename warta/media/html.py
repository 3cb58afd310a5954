"""The markup of a photo on a page: <picture> with WebP and JPEG srcsets and an intrinsic size."""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from warta.media.models import Image


def picture_html(
    image: Image | None, crop: str = "16x9", sizes: str = "100vw", eager: bool = False
) -> SafeString:
    """Empty when the image has no renditions yet: pages never fall back to the original upload."""
    renditions = image.rendition_set(crop) if image else None
    if image is None or renditions is None:
        return mark_safe("")  # noqa: S308 - constant
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
        image.alt_text,
        loading,
    )


def inline_figure_html(image: Image) -> SafeString:
    """A photo inside an article body, with its caption and credit, as stored in the body."""
    return format_html(
        '<figure class="gambar">{}<figcaption>Foto: {} <span class="credit">(sumber: {})</span>'
        "</figcaption></figure>",
        picture_html(image, "16x9", sizes="(min-width: 60rem) 44rem, 100vw"),
        image.caption,
        image.credit,
    )
