from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from warta.news.site import site_settings
from warta.public.navigation import navigation


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "nav": SimpleLazyObject(navigation),
        "site": SimpleLazyObject(site_settings),
    }
