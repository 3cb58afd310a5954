"""The demo newsroom's staff accounts; passwords are generated once and kept in the data folder."""

import json
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from warta.news.models import Person

ACCOUNTS = (("penulis", "penulis"), ("editor", "editor"), ("admin", "admin"))


def _passwords_file() -> Path:
    return Path(settings.DATA_DIR) / "demo-accounts.json"


@transaction.atomic
def ensure_accounts() -> list[tuple[str, str, str]]:
    """Create the accounts that are missing; return (username, role, password) for each."""
    path = _passwords_file()
    known = json.loads(path.read_text()) if path.exists() else {}
    User = get_user_model()
    rows = []
    for username, role in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None or username not in known:
            known[username] = secrets.token_urlsafe(9)
            user = user or User(username=username)
            user.set_password(known[username])
            user.is_staff = True
            user.is_superuser = role == "admin"
            user.save()
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        Person.objects.filter(slug__in=_person_slugs(username), user__isnull=True).update(user=user)
        rows.append((username, role, known[username]))
    path.write_text(json.dumps(known, indent=2))
    path.chmod(0o600)
    return rows


def _person_slugs(username: str) -> list[str]:
    from warta.demo.loader import newsroom

    return [item["slug"] for item in newsroom()["person"] if item.get("account") == username]
