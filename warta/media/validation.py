"""Checks on an uploaded photo, made before anything is stored and with bounded memory.

`validate_upload` reads only the file's headers (Pillow opens images lazily), so a file that
claims to be enormous is refused before a single pixel is decoded. `open_upload` then decodes the
first frame, which the size and pixel limits keep bounded, and reports a cut-off file.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import UnidentifiedImageError, features

# The largest JPEG accepted; far below Pillow's own bomb threshold (about 89 megapixels).
# JPEGs decode reduced (by 2, 4 or 8) to stay within DECODE_BUDGET, so their memory is bounded.
MAX_PIXELS = 50_000_000
# The most pixels ever decoded at once: about 100 MB as RGBA. PNG, WebP and AVIF cannot be
# decoded reduced (libwebp allocates the whole canvas on open), so larger ones are refused.
DECODE_BUDGET = 24_000_000
REDUCIBLE = ("JPEG", "MPO")
# Enough of the start of a file to recognise its kind.
SNIFF_BYTES = 1024

# Pillow format -> (name for people, stored extension, extensions a person may use)
FORMATS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "JPEG": ("JPEG", "jpg", (".jpg", ".jpeg", ".jpe", ".jfif")),
    # Multi-picture JPEG (stereo or depth photos from some phones): a JPEG whose first picture
    # is the photo, so it is treated as one.
    "MPO": ("JPEG", "jpg", (".jpg", ".jpeg", ".jpe", ".jfif", ".mpo")),
    "PNG": ("PNG", "png", (".png",)),
    "WEBP": ("WebP", "webp", (".webp",)),
    "AVIF": ("AVIF", "avif", (".avif",)),
}
# Formats people try that Pillow should not even be asked to open, by their magic bytes.
REFUSED_KINDS: tuple[tuple[bytes, int, str], ...] = (
    (b"GIF8", 0, "GIF"),
    (b"II*\x00", 0, "TIFF"),
    (b"MM\x00*", 0, "TIFF"),
    (b"%PDF", 0, "PDF"),
    (b"ftypheic", 4, "HEIC"),
    (b"ftypheix", 4, "HEIC"),
    (b"ftypmif1", 4, "HEIF"),
)

MESSAGES = {
    "too_large": _(
        "This file is %(size)s MB; a photo may be at most %(limit)s MB. "
        "Export it smaller and try again."
    ),
    "svg": _(
        "SVG files are not accepted: they are drawings that can carry scripts, not photos. "
        "Upload a JPEG, PNG, WebP or AVIF file."
    ),
    "refused_format": _(
        "%(format)s files are not accepted. Upload a JPEG, PNG, WebP or AVIF file."
    ),
    "not_image": _(
        "This file is not a photo in a format the desk accepts (JPEG, PNG, WebP or AVIF)."
    ),
    "no_avif": _("This server cannot read AVIF files. Upload a JPEG, PNG or WebP file."),
    "truncated": _(
        "The file is incomplete or damaged (perhaps cut off while copying). "
        "Download or export it again."
    ),
    "extension": _(
        "The file name ends in “%(extension)s” but the file is a %(format)s image. "
        "Rename it to end in “%(expected)s”, or export it again."
    ),
    "no_extension": _(
        "The file name has no extension but the file is a %(format)s image. "
        "Rename it to end in “%(expected)s”."
    ),
    "too_many_pixels": _(
        "The image is %(width)s × %(height)s pixels (%(megapixels)s megapixels); "
        "the limit is %(limit)s megapixels. Make it smaller and try again."
    ),
    "bomb": _(
        "The file claims an enormous image size, the mark of a decompression bomb, "
        "so it was not opened."
    ),
    "animated": _(
        "This is an animation with %(frames)s frames. Only still photos are accepted: "
        "export a single frame as JPEG, PNG, WebP or AVIF."
    ),
}


def _error(code: str, **params: object) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


@dataclass(frozen=True)
class UploadInfo:
    format: str  # Pillow's name: JPEG, MPO, PNG, WEBP, AVIF
    width: int
    height: int

    @property
    def extension(self) -> str:
        return FORMATS[self.format][1]


def max_upload_bytes() -> int:
    return settings.WARTA_MEDIA_MAX_UPLOAD_MB * 1024 * 1024


def accepted_formats() -> list[str]:
    formats = ["JPEG", "PNG", "WEBP"]
    if features.check("avif"):
        formats.append("AVIF")
    return formats


def _is_svg(head: bytes, suffix: str) -> bool:
    if suffix in (".svg", ".svgz"):
        return True
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<") and b"<svg" in text


def _refused_kind(head: bytes) -> str | None:
    for magic, offset, name in REFUSED_KINDS:
        if head[offset : offset + len(magic)] == magic:
            return name
    if head[4:12] in (b"ftypavif", b"ftypavis") and not features.check("avif"):
        return "AVIF"
    return None


def _looks_accepted(head: bytes) -> bool:
    """Starts like a JPEG, PNG, WebP or AVIF file, whether or not the rest is there."""
    return (
        head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"))
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
        or head[4:12] in (b"ftypavif", b"ftypavis")
    )


def _webp_canvas(head: bytes) -> tuple[int, int] | None:
    """The canvas size in a WebP header: libwebp allocates the canvas as soon as it opens a file."""
    if head[:4] != b"RIFF" or head[8:12] != b"WEBP" or len(head) < 30:
        return None
    chunk = head[12:16]
    if chunk == b"VP8X":
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        return (
            int.from_bytes(head[26:28], "little") & 0x3FFF,
            int.from_bytes(head[28:30], "little") & 0x3FFF,
        )
    if chunk == b"VP8L" and head[20] == 0x2F:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _check_pixels(width: int, height: int, limit: int) -> None:
    if width * height > limit:
        raise _error(
            "too_many_pixels",
            width=width,
            height=height,
            megapixels=number_format(width * height / 1_000_000, 1),
            limit=limit // 1_000_000,
        )


def reduce_on_decode(picture: PILImage.Image, *, budget: int = DECODE_BUDGET) -> None:
    """Ask a JPEG to decode at 1/2, 1/4 or 1/8 of its size until it fits the pixel budget.

    Must be called before the pixels are loaded; other formats are left as they are (their
    size was checked against the budget when the upload was validated).
    """
    if picture.format not in REDUCIBLE:
        return
    width, height = picture.size
    scale = 1
    while scale < 8 and (width // scale) * (height // scale) > budget:
        scale *= 2
    if scale > 1:
        picture.draft(picture.mode, (math.ceil(width / scale), math.ceil(height / scale)))


def _check_extension(name: str, fmt: str) -> None:
    people_name, stored, allowed = FORMATS[fmt]
    suffix = PurePath(name or "").suffix.lower()
    if not suffix:
        raise _error("no_extension", format=people_name, expected=f".{stored}")
    if suffix not in allowed:
        raise _error("extension", extension=suffix, format=people_name, expected=f".{stored}")


def _open_lazily(handle: IO[bytes], head: bytes) -> PILImage.Image:
    """Pillow's image object with only the headers read; bombs and non-images become errors."""
    handle.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            return PILImage.open(handle, formats=accepted_formats())
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise _error("bomb") from None
    except UnidentifiedImageError:
        raise _error("truncated" if _looks_accepted(head) else "not_image") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError):
        # Recognised as one of ours, but its headers are cut off or broken.
        raise _error("truncated") from None


def validate_upload(uploaded: IO[bytes], *, name: str | None = None) -> UploadInfo:
    """Refuse anything but a still JPEG, PNG, WebP or AVIF photo within the limits.

    Reads the file's first bytes and headers only: no pixel is decoded here.
    """
    name = name if name is not None else getattr(uploaded, "name", "") or ""
    size = getattr(uploaded, "size", None)
    if size is None:
        uploaded.seek(0, 2)
        size = uploaded.tell()
    if size > max_upload_bytes():
        raise _error(
            "too_large",
            size=number_format(math.ceil(size * 10 / 1024 / 1024) / 10, 1),
            limit=settings.WARTA_MEDIA_MAX_UPLOAD_MB,
        )
    if size == 0:
        raise _error("not_image")
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    if _is_svg(head, PurePath(name).suffix.lower()):
        raise _error("svg")
    refused = _refused_kind(head)
    if refused == "AVIF":
        raise _error("no_avif")
    if refused:
        raise _error("refused_format", format=refused)
    canvas = _webp_canvas(head)
    if canvas:
        _check_pixels(*canvas, DECODE_BUDGET)
    with _open_lazily(uploaded, head) as picture:
        fmt = picture.format or ""
        if fmt not in FORMATS:
            raise _error("not_image")
        _check_pixels(*picture.size, MAX_PIXELS if fmt in REDUCIBLE else DECODE_BUDGET)
        frames = getattr(picture, "n_frames", 1)
        if frames > 1 and fmt != "MPO":
            raise _error("animated", frames=frames)
        _check_extension(name, fmt)
    uploaded.seek(0)
    return UploadInfo(fmt, picture.width, picture.height)


def open_upload(
    uploaded: IO[bytes], *, name: str | None = None
) -> tuple[PILImage.Image, UploadInfo]:
    """The validated upload's first frame, decoded; a cut-off or corrupt file is refused."""
    info = validate_upload(uploaded, name=name)
    picture = _open_lazily(uploaded, uploaded.read(SNIFF_BYTES))
    reduce_on_decode(picture)
    try:
        picture.load()
    except (OSError, SyntaxError, ValueError, EOFError, IndexError):
        raise _error("truncated") from None
    finally:
        # The upload's file belongs to the caller: Pillow must not close it.
        picture.fp = None  # type: ignore[attr-defined] # set by ImageFile, not in the stubs
    return picture, info
