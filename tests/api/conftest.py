"""The API's cast: a token per role, and a client that sends it."""

import json

import pytest

from warta.news import actions
from warta.test import make_staff


def token_for(user, name="Aplikasi uji"):
    return actions.create_api_token(user, name=name, by=user)[1]


class Api:
    """The Django test client speaking JSON with a bearer token."""

    def __init__(self, client, secret=None):
        self.client, self.secret = client, secret

    def call(self, method, path, body=None, **extra):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.secret}"} if self.secret else {}
        send = getattr(self.client, method.lower())
        if body is None:
            return send(f"/api/v1{path}", **headers, **extra)
        return send(
            f"/api/v1{path}",
            data=json.dumps(body),
            content_type="application/json",
            **headers,
            **extra,
        )

    def get(self, path, **extra):
        return self.call("GET", path, **extra)

    def post(self, path, body=None, **extra):
        return self.call("POST", path, body if body is not None else {}, **extra)

    def put(self, path, body, **extra):
        return self.call("PUT", path, body, **extra)


@pytest.fixture
def cast(db):
    """A staff member of each role, each with a token."""
    users = {role: make_staff(role, role) for role in ("penulis", "editor", "admin")}
    users["lain"] = make_staff("lain", "penulis")
    return {role: (user, token_for(user)) for role, user in users.items()}


@pytest.fixture
def api_as(client, cast):
    def as_role(role=None):
        return Api(client, cast[role][1] if role else None)

    return as_role
