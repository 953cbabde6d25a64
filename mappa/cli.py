"""The `mappa` command: `mappa setup`, `mappa demo`, `mappa createuser`, `mappa serve`, `mappa worker`, `mappa backup`,
`mappa restore`, `mappa audit verify`, and any
Django management command (`mappa migrate`, `mappa generate` ...)."""
import os
import sys

USAGE = """mappa: the multi-agency public protection register.

Usage: mappa <command> [options]    (mappa <command> --help for a command's options)

Setting up and running
  setup [--demo]        create the database tables; with --demo, load the demo data and print the sign-ins
  demo                  load the demo data (people, cases and a user for each role) and print the sign-ins
  serve                 serve the application with gunicorn and a task worker (--host, --port; --dev for the development server)
  worker                run background tasks (e-mails) until stopped (--batch: those ready, then stop)
  createuser NAME       create a user: --role, --team; asks for the password

Data
  generate              build a national-scale synthetic register for benchmarks (--nominals, progress shown)
  backup [--output FILE]  back up the whole database (pg_dump on PostgreSQL, the online backup on SQLite)
  restore FILE          restore a backup into an empty database (--force to replace one holding records)
  audit verify          check the audit log's hash chain; names any row changed or removed, exits non-zero

Everything else
  help --commands       every command available, including Django's (migrate, shell, check ...)

The database is an embedded SQLite file unless DATABASE_URL names another (postgres://...).
Outside the demo, MAPPA_SECRET_KEY must be set (see the README's Settings).
"""


def allowances(args: list[str]) -> dict[str, str]:
    """What a command asks of the settings before they load: loading the demo may use the development key,
    and so may the development server (mappa.settings refuses it otherwise)."""
    command, options = (args[0], args[1:]) if args else ("", [])
    if command == "demo" or (command == "setup" and "--demo" in options):
        return {"MAPPA_DEMO": "1"}
    if command == "serve" and "--dev" in options:
        return {"MAPPA_DEV_SERVER": "1"}
    return {}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mappa.settings")
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help") or args == ["help"]:
        print(USAGE)
        return
    for name, value in allowances(args).items():
        os.environ.setdefault(name, value)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mappa", *args])


if __name__ == "__main__":
    main()
