from django.core.management.base import BaseCommand, CommandError

from mappa.accounts.models import Agency, Team, User
from mappa.demo import demo_data
from mappa.nominals.models import Activity, Nominal, Partner


class Command(BaseCommand):
    help = (
        "Load the demo data (the fictional Northshire MAPPA area, its agencies, users and case studies) "
        "and print the demo sign-ins. Running it again changes nothing and only reprints the sign-ins."
    )
    # Loading data needs the models, not the URL configuration or the rest of the system checks.
    requires_system_checks = []

    def handle(self, *args, **options):
        try:
            loaded = demo_data.load()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if loaded:
            nominals = Nominal.objects.filter(team__area__code__in=[c for c, _ in demo_data.AREAS])
            self.stdout.write(self.style.SUCCESS(
                f"Demo data loaded: {len(demo_data.AREAS)} areas, {Agency.objects.count()} agencies, "
                f"{Team.objects.count()} teams, {len(demo_data.USERS)} users, {nominals.count()} people, "
                f"{Partner.objects.filter(nominal__in=nominals).count()} partnerships, "
                f"{Activity.objects.filter(nominal__in=nominals).count()} activity log entries."
            ))
        else:
            self.stdout.write("Demo data is already loaded: nothing was changed.")
        if not User.objects.filter(username__in=[u.username for u in demo_data.USERS]).exists():
            return
        self.stdout.write("")
        self.stdout.write(demo_data.sign_in_table())
