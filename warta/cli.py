"""The `warta` command: Django's manage.py under Warta's own name.

`warta demo`, `warta serve`, `warta worker`, `warta createuser` and every manage.py command
(migrate, shell, check --deploy, ...) with --help on each.
"""

import os
import sys

USAGE = """Usage: warta <command> [options]

Warta, a newsroom publishing platform. The commands you will use most:

  demo         create ./var, migrate, load the demo newsroom and serve it
  serve        run the production server (granian)
  worker       background work: scheduled publishing, renditions
  createuser   make a staff account: --role penulis|editor|admin
  backup       copy the database and media into a folder, with SHA-256 manifest
  restore      put a backup back, after checking every file's hash
  edge-config  print the nginx configuration for the edge in front of Warta

Every Django manage.py command works too (migrate, shell, check --deploy, ...).
'warta <command> --help' explains one command. All commands:
"""

# Commands spelled with a hyphen, as operators type them, and the Django command behind each.
ALIASES = {"edge-config": "edge_config"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warta.settings")
    from django.core.management import execute_from_command_line

    argv = ["warta", *sys.argv[1:]]
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
    if len(argv) == 1 or argv[1:] in (["-h"], ["--help"], ["help"]):
        sys.stdout.write(USAGE)
        argv = ["warta", "help"]
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
