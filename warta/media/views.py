from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.static import serve


def rendition(request: HttpRequest, path: str) -> HttpResponse:
    """A rendition file; its name changes with every new crop, so it may be cached for a year."""
    response = serve(request, f"renditions/{path}", document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
