"""Background work for photos, run by `warta worker`."""

from django_tasks import task

from warta.media import renditions
from warta.media.models import Image


@task()
def make_renditions(image_id: int) -> bool:
    """Cut the renditions of the photo's current version; False when it is gone or another
    version came meanwhile (the later task, or the worker's sweep, cuts that one)."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None or image.rendition_version == image.version:
        return False
    return renditions.refresh(image)
