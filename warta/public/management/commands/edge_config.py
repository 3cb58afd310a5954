"""`warta edge-config nginx`: the nginx configuration a newsroom puts in front of Warta."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.loader import render_to_string

from warta.public import edge, lane
from warta.public.management.commands.serve import parse_addr

BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


class Command(BaseCommand):
    help = (
        "Print the nginx configuration for the edge in front of Warta: reader pages kept and "
        "refreshed on change, static files and renditions served from disk, request bodies "
        "limited, stale pages served while Warta is down."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("server", choices=["nginx"], help="the edge server (nginx)")
        parser.add_argument(
            "--listen", default="80", help="what nginx listens on (default 80; e.g. 127.0.0.1:8080)"
        )
        parser.add_argument(
            "--upstream",
            action="append",
            default=[],
            metavar="HOST:PORT",
            help="an app server (`warta serve --addr`), repeated for several; 127.0.0.1:8000",
        )
        parser.add_argument("--server-name", default="_", help="nginx server_name (default _)")
        parser.add_argument(
            "--cache-dir",
            default="/var/cache/nginx/warta",
            help="where nginx keeps pages (default /var/cache/nginx/warta)",
        )
        parser.add_argument("--max-size", default="2g", help="the most the kept pages take (2g)")
        parser.add_argument(
            "--lane",
            default=None,
            metavar="DIR",
            help="serve the reader pages Warta writes as files there (default WARTA_EDGE_LANE; "
            "nginx must run on Warta's machine or share the folder)",
        )
        parser.add_argument(
            "--brotli",
            action="store_true",
            default=None,
            help="serve static files' .br copies (default: when nginx's module is installed here)",
        )
        parser.add_argument("--no-brotli", dest="brotli", action="store_false")
        parser.add_argument(
            "--standalone",
            metavar="PREFIX",
            help="a whole nginx.conf keeping its pid, logs and temporary files in PREFIX, "
            "for `nginx -p PREFIX -e PREFIX/error.log -c FILE`",
        )
        parser.add_argument("--certificate", help="TLS certificate (PEM): listen with ssl")
        parser.add_argument("--certificate-key", help="the certificate's private key (PEM)")
        parser.add_argument("--output", "-o", help="write to this file instead of printing")

    def handle(self, *args: object, **options: object) -> None:
        upstreams = [str(item) for item in options["upstream"]] or ["127.0.0.1:8000"]  # type: ignore[attr-defined]
        for upstream in upstreams:
            _address("--upstream", upstream)
        listen = str(options["listen"])
        if not listen.isdigit():
            _address("--listen", listen)
        if not 16 <= len(edge.secret()) <= 40 or not edge.secret().isalnum():
            raise CommandError("WARTA_EDGE_SECRET must be 16 to 40 letters and digits")
        brotli = options["brotli"]
        if brotli is None:
            brotli = BROTLI_MODULE.exists()
        prefix = options["standalone"]
        if bool(options["certificate"]) != bool(options["certificate_key"]):
            raise CommandError("--certificate and --certificate-key go together")
        lane_folder = settings.WARTA_EDGE_LANE if options["lane"] is None else options["lane"]
        port = listen.rpartition(":")[2]
        text = render_to_string(
            "edge/nginx.conf",
            {
                "site_url": settings.SITE_URL,
                "listen": listen,
                "listen_port_suffix": "" if port == "80" else f":{port}",
                "server_name": options["server_name"],
                "upstreams": upstreams,
                "tries": max(2, len(upstreams)),
                "cache_dir": options["cache_dir"],
                "max_size": options["max_size"],
                "secret": edge.secret(),
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "body_mb": settings.WARTA_MEDIA_MAX_UPLOAD_MB + 1,
                "static_root": Path(settings.STATIC_ROOT).resolve(),
                "media_root": Path(settings.MEDIA_ROOT).resolve() if _local_media() else "",
                "lane": Path(str(lane_folder)).resolve() if lane_folder else "",
                "lane_headers": [(name, _quoted(value)) for name, value in lane.reader_headers()],
                "certificate": options["certificate"] or "",
                "certificate_key": options["certificate_key"] or "",
                "brotli": brotli,
                "brotli_module": BROTLI_MODULE if brotli and prefix else "",
                "standalone": bool(prefix),
                "prefix": Path(str(prefix)).resolve() if prefix else "",
                # nginx started by root would read the data folder as "nobody".
                "run_as": "root" if prefix and os.geteuid() == 0 else "",
            },
        )
        if options["output"]:
            Path(str(options["output"])).write_text(text)
        else:
            self.stdout.write(text, ending="")


def _quoted(value: str) -> str:
    """A header value inside nginx's double quotes (where "$" would name a variable)."""
    if "$" in value:
        raise CommandError(f"a reader page header holds a $, which nginx cannot say: {value!r}")
    return value.replace("\\", "\\\\").replace('"', '\\"')


def _local_media() -> bool:
    backend = settings.STORAGES["default"]["BACKEND"]
    return backend == "django.core.files.storage.FileSystemStorage"


def _address(option: str, value: str) -> None:
    try:
        parse_addr(value)
    except CommandError:
        raise CommandError(
            f"{option} must look like HOST:PORT (10.0.0.11:8000), not {value!r}"
        ) from None
