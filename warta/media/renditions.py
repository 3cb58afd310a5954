"""Renditions: the resized, cropped WebP and JPEG files that pages serve instead of originals.

Each is generated once and stored under a name that carries the image's version, so a page can
build its srcset from the image row alone (no query per image) and the files can be cached
forever. Crops are cut around the focal point so the subject stays in frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.dispatch import Signal
from PIL import Image as PILImage
from PIL import ImageOps

from warta.media.validation import REDUCIBLE

if TYPE_CHECKING:
    from warta.media.models import Image

# Sent with `image` once its new renditions are in place: the pages that show it were rendered
# without them (news.actions makes those stale).
published = Signal()

# crop name -> (aspect width, aspect height, widths to generate, formats)
CROPS: dict[str, tuple[int, int, tuple[int, ...], tuple[str, ...]]] = {
    "16x9": (16, 9, (480, 800, 1200, 1600), ("webp", "jpg")),
    "4x3": (4, 3, (1200,), ("webp", "jpg")),
    "1x1": (1, 1, (160, 320, 1200), ("webp", "jpg")),
    "4x5": (4, 5, (640,), ("webp", "jpg")),
    # Open Graph and Twitter cards ask for exactly 1200x630.
    "og": (40, 21, (1200,), ("jpg",)),
}
QUALITY = {"webp": 78, "jpg": 82}
MIME = {"webp": "image/webp", "jpg": "image/jpeg"}


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class RenditionSet:
    crop: str
    widths: tuple[int, ...]
    aspect: tuple[int, int]
    base_url: str

    def url(self, width: int, fmt: str = "jpg") -> str:
        return f"{self.base_url}{self.crop}-{width}.{fmt}"

    def height_for(self, width: int) -> int:
        return round(width * self.aspect[1] / self.aspect[0])

    def srcset(self, fmt: str) -> str:
        return ", ".join(f"{self.url(w, fmt)} {w}w" for w in self.widths)

    @property
    def formats(self) -> tuple[str, ...]:
        return CROPS[self.crop][3]

    def largest(self, fmt: str = "jpg") -> Rendition:
        width = self.widths[-1]
        return Rendition(self.url(width, fmt), width, self.height_for(width))

    def at_least(self, width: int, fmt: str = "jpg") -> Rendition:
        chosen = next((w for w in self.widths if w >= width), self.widths[-1])
        return Rendition(self.url(chosen, fmt), chosen, self.height_for(chosen))


def folder(image: Image, version: int) -> str:
    return f"renditions/{image.pk}/v{version}/"


def rendition_set(image: Image, crop: str) -> RenditionSet | None:
    widths = image.renditions.get(crop)
    if not widths:
        return None
    return renditions_of(image.pk, image.rendition_version, crop, tuple(widths))


def renditions_of(pk: int, version: int, crop: str, widths: tuple[int, ...]) -> RenditionSet:
    """The renditions of image `pk` at `version`, cut at `widths` for `crop`."""
    aspect_w, aspect_h = CROPS[crop][:2]
    base_url = default_storage.url(f"renditions/{pk}/v{version}/")
    return RenditionSet(crop, widths, (aspect_w, aspect_h), base_url)


def crop_box(
    size: tuple[int, int], aspect: tuple[int, int], focal: tuple[float, float]
) -> tuple[int, int, int, int]:
    """The largest box of the given aspect inside size, centred on the focal point where it fits."""
    width, height = size
    aspect_w, aspect_h = aspect
    if width * aspect_h > height * aspect_w:
        box_h = height
        box_w = round(height * aspect_w / aspect_h)
    else:
        box_w = width
        box_h = round(width * aspect_h / aspect_w)
    centre_x = focal[0] * width
    centre_y = focal[1] * height
    left = min(max(round(centre_x - box_w / 2), 0), width - box_w)
    top = min(max(round(centre_y - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def target_widths(crop_width: int, wanted: tuple[int, ...]) -> list[int]:
    """The wanted widths the crop can fill without upscaling; at least one."""
    widths = [w for w in wanted if w <= crop_width]
    return widths or [crop_width]


# The widest any crop needs; a JPEG source decodes reduced down to about this.
LARGEST = max(max(widths) for _w, _h, widths, _f in CROPS.values())


def _reduction(width: int, height: int) -> int:
    """The largest factor (1, 2, 4 or 8) that still leaves every crop its widest rendition."""
    scale = 1
    while scale < 8 and min(width, height) // (scale * 2) >= LARGEST:
        scale *= 2
    return scale


def _source(image: Image) -> PILImage.Image:
    """The photo upright, in RGB, with none of the file's metadata (EXIF descriptions, JPEG
    comments, XMP): readers get the pixels and the credit the newsroom wrote, nothing else.
    Only the colour profile stays in `info`, so colours come out as the photographer saw them."""
    with image.file.open("rb") as handle:
        source = PILImage.open(handle)
        if source.format in REDUCIBLE:
            # A JPEG decodes at 1/2, 1/4 or 1/8 directly, costing a fraction of the memory.
            width, height = source.size
            scale = _reduction(width, height)
            if scale > 1:
                source.draft(source.mode, (math.ceil(width / scale), math.ceil(height / scale)))
        source.load()
    profile = source.info.get("icc_profile")
    ImageOps.exif_transpose(source, in_place=True)
    # Other formats decode whole; halve them at once so no later copy costs that much again.
    scale = _reduction(*source.size)
    picture = source.reduce(scale) if scale > 1 else source
    del source
    if picture.mode != "RGB":
        picture = picture.convert("RGB")
    picture.info = {"icc_profile": profile} if profile else {}
    return picture


def generate(image: Image) -> dict[str, list[int]]:
    """Write every rendition of the image's current version; return what was written."""
    picture = _source(image)
    profile = {"icc_profile": picture.info["icc_profile"]} if picture.info else {}
    made: dict[str, list[int]] = {}
    for crop, (aspect_w, aspect_h, wanted, formats) in CROPS.items():
        box = crop_box(picture.size, (aspect_w, aspect_h), (image.focal_x, image.focal_y))
        widths = target_widths(box[2] - box[0], wanted)
        for width in widths:
            height = round(width * aspect_h / aspect_w)
            # Resizing straight from the box: no full-size copy of the crop is ever made.
            resized = picture.resize((width, height), PILImage.Resampling.LANCZOS, box=box)
            for fmt in formats:
                buffer = BytesIO()
                resized.save(
                    buffer,
                    "WEBP" if fmt == "webp" else "JPEG",
                    quality=QUALITY[fmt],
                    optimize=True,
                    **profile,
                )
                name = f"{folder(image, image.version)}{crop}-{width}.{fmt}"
                if default_storage.exists(name):
                    default_storage.delete(name)
                default_storage.save(name, ContentFile(buffer.getvalue()))
        made[crop] = widths
    return made


def refresh(image: Image) -> bool:
    """Cut the renditions of the image's current version and publish them to pages.

    Saved only if the version is still current: a focal point moved meanwhile wins, and the
    worker cuts again on its next round.
    """
    version = image.version
    # Two workers (the task in one, the sweep in another) would cut the same files at once.
    claim = f"warta:cutting:{image.pk}:{version}"
    if not cache.add(claim, True, timeout=600):
        return False
    try:
        made = generate(image)
        saved = (
            type(image)
            .objects.filter(pk=image.pk, version=version)
            .update(renditions=made, rendition_version=version)
        )
    finally:
        cache.delete(claim)
    if saved:
        image.renditions, image.rendition_version = made, version
        published.send(sender=type(image), image=image)
    return bool(saved)
