"""The WSGI application, `warta.wsgi:application`: Django, with the reader pages this process
keeps answered in front of it (public.wire_hits)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warta.settings")


def _application():
    django_application = get_wsgi_application()
    from warta.public.wire_hits import WireHits  # once Django is set up

    return WireHits(django_application)


application = _application()
