"""`warta changepassword [NAME]`: a new password through actions.set_staff_password, audited
like one set in the desk. Django's own command would write it straight to the account."""

from __future__ import annotations

import getpass

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from warta.news import actions

TRIES = 3


class Command(BaseCommand):
    help = (
        "Change a staff account's password: asked twice, checked by the password validators, "
        "recorded in the audit log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "username", nargs="?", help="the account (default: your login name on this machine)"
        )

    def handle(self, *args: object, username: str | None, **options: object) -> None:
        username = username or getpass.getuser()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        self.stdout.write(f"Changing the password of {username}.")
        for _attempt in range(TRIES):
            password = getpass.getpass("Password: ")
            if not password:
                raise CommandError("No password given; nothing changed.")
            if getpass.getpass("Password (again): ") != password:
                self.stderr.write("The passwords do not match. Try again.")
                continue
            try:
                password_validation.validate_password(password, user)
            except ValidationError as exc:
                self.stderr.write(" ".join(exc.messages))
                continue
            actions.set_staff_password(user, password=password, by=None)
            self.stdout.write(self.style.SUCCESS(f"Changed the password of {username}."))
            return
        raise CommandError(f"The password of {username} is unchanged after {TRIES} attempts.")
