"""Site-wide guards that run before any view: request-body limits, the Permissions-Policy and
the Content-Security-Policy."""

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _

from warta.news import access

Handler = Callable[[HttpRequest], HttpResponse]


def _is_staff(request: HttpRequest) -> bool:
    """Signed in to the desk, or calling the API with a valid token: the two kinds of staff."""
    user = getattr(request, "user", None)
    if user and user.is_authenticated and user.is_active and user.is_staff:
        return True
    scheme, _, secret = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    return scheme.lower() == "bearer" and access.token_for_secret(secret.strip()) is not None


def staff_body_limit() -> int:
    """A photo at the upload limit, and room for the form's other fields."""
    return (settings.WARTA_MEDIA_MAX_UPLOAD_MB + 1) * 1024 * 1024


def _refused(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """Plain words for a browser; the API's own error shape for an API client."""
    if request.path_info.startswith("/api/"):
        code = "too_large" if status == 413 else "bad_request"
        return JsonResponse({"code": code, "message": message}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain")


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
            return _refused(request, 400, _("Bad request."))
        # Who is asking is looked up only for a large body: reading the session on every reader
        # request would add "Vary: Cookie" and make reader pages uncacheable.
        too_large = length > settings.WARTA_MAX_PUBLIC_BODY and (
            length > staff_body_limit() or not _is_staff(request)
        )
        if too_large:
            limit = staff_body_limit() if length > staff_body_limit() else 0
            message = _("What was sent is too large.")
            if limit:
                message += " " + _("At most %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
            response = _refused(request, 413, message)
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


# What a view may set on its response to change its policy (django-csp's decorators).
_CHANGES = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
_built: dict[bool, str] = {}


@receiver(setting_changed)
def _policy_changed(setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built.clear()


class ContentSecurityPolicy(CSPMiddleware):
    """django-csp's middleware, with the usual policy built once per process instead of for
    every response: reader pages (every cache hit among them) use no nonce and no per-view
    change, and building the header cost a third of a hit. A response that used a nonce (the
    desk) or a decorator goes through django-csp as before."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        usual = (
            getattr(request, "_csp_nonce", None) is None
            and not any(getattr(response, name, None) is not None for name in _CHANGES)
            and not getattr(response, "_csp_exempt", False)
            and not getattr(response, "_csp_exempt_ro", False)
            and not settings.DEBUG
            and not _excluding()
        )
        if not usual:
            return super().process_response(request, response)
        for report_only, header in ((False, HEADER), (True, HEADER_REPORT_ONLY)):
            policy = usual_policy(report_only)
            if policy and header not in response:
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response


def _excluding() -> bool:
    """Whether a policy leaves some addresses out (django-csp's EXCLUDE_URL_PREFIXES)."""
    return any(
        (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
        for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
    )


def usual_policy(report_only: bool) -> str:
    """The policy of a response no view changed (every reader page's), its directives in the
    order the settings give them: django-csp joins them in a set's order, which differs from
    one process to the next, and the edge (public.lane) writes the same header for its files."""
    if report_only not in _built:
        parts = PolicyParts(None, None, None, None)
        policy = build_policy(**asdict(parts), report_only=report_only)
        name = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
        order = list((getattr(settings, name, None) or {}).get("DIRECTIVES") or {})
        directives = sorted(
            policy.split("; ") if policy else [],
            key=lambda part: (
                order.index(part.split(" ")[0]) if part.split(" ")[0] in order else len(order)
            ),
        )
        _built[report_only] = "; ".join(directives)
    return _built[report_only]
