"""The `mappa` command: `mappa setup`, `mappa demo`, `mappa createuser`, `mappa serve`, and any
Django management command (`mappa migrate`, `mappa generate` ...)."""
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mappa.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mappa", *sys.argv[1:]])


if __name__ == "__main__":
    main()
