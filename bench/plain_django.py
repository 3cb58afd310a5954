"""The Python limit for a cache hit: Django under granian returning constant bytes (the page
bench/hit_server.py saved), with no middleware, no cache and no database. Not Warta."""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

BODY = Path(os.environ["PLAIN_DJANGO_BODY"]).read_bytes()


def page(request: HttpRequest, rest: str = "") -> HttpResponse:
    response = HttpResponse(BODY, content_type="text/html; charset=utf-8")
    response["Content-Encoding"] = "br"
    return response


urlpatterns = [path("<path:rest>", page), path("", page)]
settings.configure(
    DEBUG=False, ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"], MIDDLEWARE=[], SECRET_KEY="bench"
)
application = get_wsgi_application()
