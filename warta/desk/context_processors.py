from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from warta.news.access import role_of, unread_notifications


def desk(request: HttpRequest) -> dict[str, object]:
    """The signed-in role and the bell's count, evaluated only by templates that ask (reader
    pages never do)."""
    return {
        "desk_role": SimpleLazyObject(lambda: role_of(request.user) or ""),
        "unread": SimpleLazyObject(lambda: unread_notifications(request.user)),
    }
