from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from warta.news.access import role_of

View = Callable[..., HttpResponse]


def staff_view(*roles: str) -> Callable[[View], View]:
    """Desk views: signed-in staff with one of the roles (any newsroom role when none is named)."""

    def decorator(view: View) -> View:
        @wraps(view)
        @never_cache
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            role = role_of(request.user)
            if role is None:
                if request.user.is_authenticated:
                    raise PermissionDenied("not newsroom staff")
                return redirect_to_login(request.get_full_path(), "desk:login")
            if roles and role not in roles and not (role == "admin" and "editor" in roles):
                raise PermissionDenied(role)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def staff_user(request: HttpRequest) -> User:
    """The signed-in account of a request that staff_view let in (never a reader)."""
    assert isinstance(request.user, User)
    return request.user
