"""Putting a photo into the media library, and moving its focal point.

The stored original is re-encoded from its pixels: orientation applied, EXIF location and other
side channels (maker notes, XMP, text chunks) left behind, so a photo never tells readers or a
leaked original where it was taken. Renditions are made later by `warta worker`.
"""

from __future__ import annotations

import logging
import math
import secrets
from io import BytesIO
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from PIL import ExifTags, ImageOps
from PIL import Image as PILImage

from warta.media.models import Image
from warta.media.validation import UploadInfo, open_upload

logger = logging.getLogger("warta.media")

# Originals feed every rendition, so they are kept close to the upload's quality.
SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 92},
    "PNG": {},
    "WEBP": {"quality": 90},
    # AVIF encoding is slow; speed 8 keeps a 50-megapixel upload within a request's patience.
    "AVIF": {"quality": 85, "speed": 8},
}


def _clean_exif(picture: PILImage.Image) -> PILImage.Exif:
    exif = picture.getexif()
    exif.pop(ExifTags.IFD.GPSInfo, None)
    if ExifTags.IFD.Exif in exif:
        # Vendor blobs nobody can read, and where some phones keep a position too.
        exif.get_ifd(ExifTags.IFD.Exif).pop(ExifTags.Base.MakerNote, None)
    return exif


def _encode(picture: PILImage.Image, info: UploadInfo) -> bytes:
    """The picture upright, in its own format, without location data."""
    orientation = picture.getexif().get(ExifTags.Base.Orientation, 1)
    ImageOps.exif_transpose(picture, in_place=True)
    exif = _clean_exif(picture)
    fmt = "JPEG" if info.format == "MPO" else info.format
    options = dict(SAVE_OPTIONS[fmt])
    if info.format == "JPEG" and orientation == 1:
        # Same quantization and sampling as the upload: no visible loss from re-encoding.
        options.update(quality="keep", subsampling="keep")
    if len(exif):
        options["exif"] = exif
    if picture.info.get("icc_profile"):
        options["icc_profile"] = picture.info["icc_profile"]
    buffer = BytesIO()
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


def _unit(value: float) -> float:
    value = float(value)
    if not math.isfinite(value) or not 0.0 <= value <= 1.0:
        raise ValueError(f"a focal point coordinate runs from 0 to 1, not {value}")
    return round(value, 4)


def _create(fields: dict[str, Any], name: str, data: bytes, size: tuple[int, int]) -> Image:
    image = Image(**fields)
    image.file.save(name, ContentFile(data), save=False)
    image.width, image.height = size
    try:
        with transaction.atomic():
            image.save()
    except BaseException:
        # The row was never made, so its file must not stay behind either.
        image.file.storage.delete(image.file.name)
        raise
    return image


def store_upload(
    uploaded_file: IO[bytes],
    *,
    by: Any,
    caption: str,
    credit: str,
    alt_text: str,
    photographer: Any = None,
    usage_note: str = "",
    focal: tuple[float, float] = (0.5, 0.5),
) -> Image:
    """Validate, clean and store an upload as a new Image; nothing is stored if any step fails.

    Raises django.core.exceptions.ValidationError with the reason when the file is refused.
    """
    focal_x, focal_y = _unit(focal[0]), _unit(focal[1])
    picture, info = open_upload(uploaded_file)
    data = _encode(picture, info)
    size = picture.size
    del picture
    fields = {
        "caption": caption,
        "credit": credit,
        "alt_text": alt_text,
        "photographer": photographer,
        "usage_note": usage_note,
        "focal_x": focal_x,
        "focal_y": focal_y,
        "renditions": {},
    }
    name = f"{secrets.token_hex(8)}.{info.extension}"
    image = _create(fields, name, data, size)
    logger.info("photo %s stored by %s", image.pk, getattr(by, "pk", None))
    return image


def set_focal_point(image: Image, x: float, y: float, *, by: Any) -> Image:
    """Move the focal point; a new version makes the worker cut fresh renditions.

    The current renditions stay on pages until the new ones exist, so no photo disappears.
    """
    x, y = _unit(x), _unit(y)
    if (x, y) == (image.focal_x, image.focal_y):
        return image
    Image.objects.filter(pk=image.pk).update(focal_x=x, focal_y=y, version=F("version") + 1)
    image.refresh_from_db(fields=["focal_x", "focal_y", "version"])
    logger.info("photo %s focal point moved by %s", image.pk, getattr(by, "pk", None))
    return image
