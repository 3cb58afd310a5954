"""Who calls the API: a staff member's token (Authorization: Bearer), or nobody (public reads).

A token acts with its user's role and nothing more; news.access decides what that role may do,
exactly as for the desk.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from warta.lib.addresses import client_ip
from warta.news import access, actions


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = access.token_for_secret(token)
        if found is None:
            return None
        actions.note_token_use(found, ip=client_ip(request) or None)
        request.api_token = found  # type: ignore[attr-defined]
        request.user = found.user
        return found.user


class _Throttle(SimpleRateThrottle):
    """Counts in the shared cache; the address is read through trusted proxies only."""

    setting = ""

    def __init__(self) -> None:
        super().__init__(rate=getattr(settings, self.setting))

    def allow_request(self, request: HttpRequest) -> bool:
        # The rate is read on each request, so a changed setting holds without a restart.
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_ident(self, request: HttpRequest) -> str:
        return client_ip(request)


class PerAddress(_Throttle):
    setting = "WARTA_API_RATE_ADDRESS"

    def get_cache_key(self, request: HttpRequest) -> str:
        return f"warta:api:rate:ip:{self.get_ident(request)}"


class PerToken(_Throttle):
    setting = "WARTA_API_RATE_TOKEN"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "api_token", None)
        return f"warta:api:rate:token:{token.pk}" if token is not None else None
