"""Addresses from the newsroom's old site (`/?p=123`, `/2019/05/judul-berita/`) keep working:
each answers a permanent redirect to the article's page here, as the importer recorded them.

Asked only where the site has nothing else to say (a 404) and for the old `?p=` form on the
home page, so no reader page costs a query more.
"""

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from warta.middleware import Handler
from warta.news import access

# WordPress's plain permalinks: a post, a page, an attachment by number.
_NUMBERED = ("p", "page_id", "attachment_id")


class OldAddresses:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if request.path == "/":
            for name in _NUMBERED:
                number = request.GET.get(name, "")
                if number.isdigit():
                    target = access.old_address_target(f"/?{name}={int(number)}")
                    if target:
                        return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404:
            target = access.old_address_target(request.path) or access.old_archive_target(
                request.path
            )
            if target:
                return HttpResponsePermanentRedirect(target)
        return response
