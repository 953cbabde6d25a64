import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mappa.accounts.models import Role, Team, User
from mappa.audit.models import Action
from mappa.audit.services import record


class Command(BaseCommand):
    help = "Create a user in a team with a role. Asks for the password unless --password is given."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--team", help="Team id or exact name (not needed for administrators)")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="Prefer the prompt: command lines are visible to others")

    def handle(self, *args, username, role, team, first_name, last_name, email, password, **options):
        try:
            User._meta.get_field("username").run_validators(username)
        except ValidationError as exc:
            raise CommandError(f"{username!r} cannot be a username: " + " ".join(exc.messages)) from None
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"A user called {username!r} already exists (usernames are the same in any case)")
        team_obj = None
        if team:
            lookup = {"pk": int(team)} if team.isdigit() else {"name": team}
            team_obj = Team.objects.filter(**lookup).select_related("agency").first()
            if team_obj is None:
                raise CommandError(f"No team {team!r}. Teams: " + "; ".join(f"{t.pk}: {t}" for t in Team.objects.all()[:30]))
        elif role != Role.ADMIN:
            raise CommandError("Give the user's team with --team")
        user = User(username=username, role=role, team=team_obj, agency=team_obj.agency if team_obj else None,
                    first_name=first_name, last_name=last_name, email=email, is_staff=role == Role.ADMIN)
        password = password or getpass.getpass("Password: ")
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            record(None, Action.ADMIN, user, label=f"User {username} created ({role})")
        self.stdout.write(self.style.SUCCESS(f"Created {username} ({user.get_role_display()}{', ' + str(team_obj) if team_obj else ''})"))
