import getpass

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from warta.news import actions
from warta.news.models import Person

ROLES = ("penulis", "editor", "admin")


class Command(BaseCommand):
    help = "Create a staff account with a newsroom role: penulis (writer), editor or admin."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=ROLES)
        parser.add_argument("--email", default="")
        parser.add_argument("--person", help="slug of the byline (Person) this account writes as")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from standard input instead of asking",
        )

    def handle(
        self,
        *args: object,
        username: str,
        role: str,
        email: str,
        person: str | None,
        password_stdin: bool,
        **options: object,
    ) -> None:
        refuse_taken(username)  # before asking for a password
        password = input() if password_stdin else getpass.getpass(f"Password for {username}: ")
        make_account(username=username, role=role, email=email, person=person, password=password)
        self.stdout.write(self.style.SUCCESS(f"Created {username} ({role})."))


def refuse_taken(username: str) -> None:
    if get_user_model().objects.filter(username=username).exists():
        raise CommandError(f"An account named {username!r} already exists.")


def make_account(
    *, username: str, role: str, email: str, person: str | None, password: str
) -> None:
    """Check everything first, then make the account through actions: all or nothing (also
    `warta createsuperuser`'s)."""
    refuse_taken(username)
    candidate = get_user_model()(username=username, email=email)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages)) from exc
    byline = None
    if person:
        byline = Person.objects.filter(slug=person).first()
        if byline is None:
            raise CommandError(f"No person with the slug {person!r}.")
    actions.create_staff_account(
        username=username,
        password=password,
        role=role,
        email=email,
        superuser=role == "admin",
        person=byline,
        by=None,
    )
