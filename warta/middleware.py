"""Site-wide guards that run before any view: request-body limits and the Permissions-Policy."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

Handler = Callable[[HttpRequest], HttpResponse]


def _is_staff(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def staff_body_limit() -> int:
    """A photo at the upload limit, and room for the form's other fields."""
    return (settings.WARTA_MEDIA_MAX_UPLOAD_MB + 1) * 1024 * 1024


class RequestLimits:
    """Refuse an oversized body from its Content-Length, before a byte of it is read.

    Without this, Django would stream a multipart body to the temporary folder (CSRF reads the
    form first) and only then refuse it: 300 MB written for an anonymous request.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse(_("Bad request."), status=400, content_type="text/plain")
        # Who is asking is looked up only for a large body: reading the session on every reader
        # request would add "Vary: Cookie" and make reader pages uncacheable.
        too_large = length > settings.WARTA_MAX_PUBLIC_BODY and (
            length > staff_body_limit() or not _is_staff(request)
        )
        if too_large:
            response = HttpResponse(
                _("What was sent is too large."), status=413, content_type="text/plain"
            )
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class PermissionsPolicy:
    """Switch off browser features no page uses (camera, location, ...), for every response."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
