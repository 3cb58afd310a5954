"""The demo newsroom's staff accounts; passwords are generated once and kept in the data folder."""

import json
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from warta.news import actions
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
        if user is None:
            known[username] = secrets.token_urlsafe(9)
            user = actions.create_staff_account(
                username=username,
                password=known[username],
                role=role,
                superuser=role == "admin",
                by=None,
            )
        elif username not in known or not user.check_password(known[username]):
            # The passwords file was lost or no longer says the account's password (changed in
            # the desk, or the file was overwritten): a new password, so the one printed works.
            known[username] = secrets.token_urlsafe(9)
            actions.set_staff_password(user, password=known[username], by=None)
        Person.objects.filter(slug__in=_person_slugs(username), user__isnull=True).update(user=user)
        # The desk shows staff by name (the plan, notes, history): the name of their byline.
        person = Person.objects.filter(user=user).order_by("pk").first()
        if person is not None and not user.get_full_name():
            actions.set_staff_profile(user, name=person.name, by=None)
        rows.append((username, role, known[username]))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(known, indent=2))
    path.chmod(0o600)
    return rows


def _person_slugs(username: str) -> list[str]:
    from warta.demo.loader import newsroom

    return [item["slug"] for item in newsroom()["person"] if item.get("account") == username]
