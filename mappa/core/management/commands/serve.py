from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve mappa on http://HOST:PORT (static files are served by the app itself)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, host, port, **options):
        self.stdout.write(f"Serving mappa on http://{host}:{port}/  (Ctrl+C to stop)")
        call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
