"""factory-boy factories: the few rows a test needs, rather than the whole `world` of conftest.

Users get the tests' shared password; a person is added through the register's own service, so the
audit row and the activity log entry are written as on a page.
"""
import datetime

import factory
from factory.django import DjangoModelFactory

from mappa.accounts.models import Agency, AgencyKind, Area, Role, Team, User
from mappa.nominals import services
from mappa.nominals.models import Nominal

from .conftest import PASSWORD, spelled


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = "north"
    name = "Northshire"


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    kind = AgencyKind.PROBATION
    code = factory.LazyAttribute(lambda agency: f"north-{agency.kind}".replace("_", "-"))
    name = factory.LazyAttribute(lambda agency: f"Northshire {agency.kind.replace('_', ' ')}")


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    agency = factory.SubFactory(AgencyFactory)
    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Office {spelled(n)}")


class UserFactory(DjangoModelFactory):
    """A member of a team (a new probation office unless one is given), signed in with PASSWORD."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = factory.Sequence(lambda n: f"Tester {spelled(n)}".title())
    last_name = "Tester"
    role = Role.PRACTITIONER
    team = factory.SubFactory(TeamFactory)
    agency = factory.LazyAttribute(lambda user: user.team.agency if user.team else None)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, password=PASSWORD, **kwargs)


class NominalFactory(factory.Factory):
    """A person on the register, added by `actor` (a new practitioner unless given) and managed by
    `manager` (the actor unless given; None leaves the record with the actor's team, unallocated)."""

    class Meta:
        model = Nominal

    actor = factory.SubFactory(UserFactory)
    manager = factory.LazyAttribute(lambda person: person.actor)
    first_name = "Jonah"
    last_name = factory.Sequence(lambda n: f"Davis{spelled(n)}".title())
    date_of_birth = datetime.date(1975, 4, 12)

    @classmethod
    def _create(cls, model_class, actor, manager, **data):
        return services.create_nominal(actor=actor, manager=manager, data=data)
