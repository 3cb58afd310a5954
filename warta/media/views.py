from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.views.static import serve


def rendition(request: HttpRequest, path: str) -> HttpResponseBase:
    """A rendition file; its name changes with every new crop, so it may be cached for a year.

    The renditions folder itself is the root, so no path (`..`, encoded or not) can reach the
    originals beside it.
    """
    response = serve(request, path, document_root=str(Path(settings.MEDIA_ROOT) / "renditions"))
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
