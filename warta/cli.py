"""The `warta` command: Django's manage.py under Warta's own name.

`warta demo`, `warta serve`, `warta worker`, `warta createuser` and every manage.py command
(migrate, shell, check --deploy, ...) with --help on each.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warta.settings")
    from django.core.management import execute_from_command_line

    argv = sys.argv[:]
    argv[0] = "warta"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
