from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from warta.news.access import role_of


def desk(request: HttpRequest) -> dict[str, object]:
    """The signed-in role, evaluated only by templates that ask (reader pages never do)."""
    return {"desk_role": SimpleLazyObject(lambda: role_of(request.user) or "")}
