"""`warta createsuperuser`: an admin account made as `warta createuser NAME --role admin` makes
one, for operators who type Django's name for it. Django's own command would set the superuser
flag alone, past actions: no newsroom role, no audit entry."""

from __future__ import annotations

import getpass
import os

from django.core.management.base import BaseCommand, CommandError, CommandParser

from warta.news.management.commands.createuser import make_account, refuse_taken


class Command(BaseCommand):
    help = (
        "Create an admin account: a superuser with the newsroom's admin role, as "
        "`warta createuser NAME --role admin` does. The password is asked twice, or taken from "
        "DJANGO_SUPERUSER_PASSWORD with --noinput."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", help="default: DJANGO_SUPERUSER_USERNAME, or asked")
        parser.add_argument("--email", help="default: DJANGO_SUPERUSER_EMAIL, or asked")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="ask nothing: the password from DJANGO_SUPERUSER_PASSWORD",
        )

    def handle(
        self,
        *args: object,
        username: str | None,
        email: str | None,
        interactive: bool,
        **options: object,
    ) -> None:
        username = username or os.environ.get("DJANGO_SUPERUSER_USERNAME", "")
        if not username and interactive:
            username = input("Username: ").strip()
        if not username:
            raise CommandError("Give --username (or set DJANGO_SUPERUSER_USERNAME).")
        refuse_taken(username)
        if email is None:
            email = os.environ.get("DJANGO_SUPERUSER_EMAIL")
        if email is None:
            email = input("Email address: ").strip() if interactive else ""
        if interactive:
            password = getpass.getpass("Password: ")
            if getpass.getpass("Password (again): ") != password:
                raise CommandError("The passwords do not match; no account was created.")
        else:
            password = os.environ.get("DJANGO_SUPERUSER_PASSWORD", "")
            if not password:
                raise CommandError("With --noinput, set DJANGO_SUPERUSER_PASSWORD.")
        make_account(username=username, role="admin", email=email, person=None, password=password)
        self.stdout.write(self.style.SUCCESS(f"Created {username} (admin)."))
