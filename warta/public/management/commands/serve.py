from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


def parse_addr(addr: str) -> tuple[str, int]:
    host, sep, port = addr.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"--addr must look like 127.0.0.1:8000, not {addr!r}")
    return host.strip("[]"), int(port)


class Command(BaseCommand):
    help = "Serve Warta with the production server (granian, WSGI); DEBUG stays off unless set."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--addr",
            default="127.0.0.1:8000",
            help="HOST:PORT to listen on (default 127.0.0.1:8000)",
        )
        parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")

    def handle(self, *args: object, addr: str, workers: int, **options: object) -> None:
        from granian import Granian
        from granian.constants import Interfaces

        host, port = parse_addr(addr)
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"{settings.SITE_NAME} is served at http://{addr}/ (stop with Ctrl+C)")
        Granian(
            "warta.wsgi:application",
            address=host,
            port=port,
            interface=Interfaces.WSGI,
            workers=workers,
            blocking_threads=4,
            log_access=False,
        ).serve()
