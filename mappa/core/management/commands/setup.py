from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the database tables (and, with --demo, load the demo data)."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Load the demo data and print the demo sign-ins")

    def handle(self, *args, demo=False, **options):
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Database ready: {settings.DATABASES['default']['NAME']}")
        if demo:
            call_command("demo")
