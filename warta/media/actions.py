"""What staff do to the photo library: each change audited and on readers' pages at once."""

from typing import IO, Any

from django.db import transaction

from warta.media.models import Image
from warta.media.uploads import set_focal_point, store_upload
from warta.news.actions import audit, content_changed

# What the photo desk may change on a stored photo besides its focal point.
EDITABLE = ("caption", "credit", "alt_text", "usage_note", "photographer")


def upload_photo(
    uploaded_file: IO[bytes], *, by: Any, ip: str | None = None, **fields: Any
) -> Image:
    """Store an upload (see store_upload) and record who brought it in, from where."""
    with transaction.atomic():
        image = store_upload(uploaded_file, by=by, **fields)
        audit("photo_upload", by=by, summary=image.caption, ip=ip, image=image.pk)
    return image


@transaction.atomic
def edit_photo(
    image: Image, *, by: Any, focal: tuple[float, float], ip: str | None = None, **fields: Any
) -> bool:
    """Change a photo's words and focal point; True when its crops must be cut again.

    Every page that shows the photo, as a hero or inside a body, shows the new caption and
    credit once this commits (media.html.current_figures); the new crops follow when the
    worker has cut them.
    """
    changed = [name for name in EDITABLE if name in fields and getattr(image, name) != fields[name]]
    for name in changed:
        setattr(image, name, fields[name])
    if changed:
        image.save(update_fields=changed)
    version = image.version
    set_focal_point(image, *focal, by=by)
    if image.version != version:
        changed.append("focal_point")
    if changed:
        audit("photo_edit", by=by, summary=image.caption, ip=ip, image=image.pk, changed=changed)
        content_changed()
    return image.version != version
