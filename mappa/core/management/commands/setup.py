from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from mappa.core import serving


class Command(BaseCommand):
    help = "Create the database tables, collect the static files (and, with --demo, load the demo data)."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Load the demo data and print the demo sign-ins")

    def handle(self, *args, demo=False, **options):
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Database ready: {settings.DATABASES['default']['NAME']}")
        if not settings.DEV_SERVER:
            if serving.static_files_stale():
                call_command("collectstatic", interactive=False, verbosity=0)
            self.stdout.write(f"Static files ready: {settings.STATIC_ROOT}")
        if demo:
            call_command("demo")
