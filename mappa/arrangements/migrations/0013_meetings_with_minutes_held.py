"""A planned meeting whose minutes or attendance were recorded has been held: the services now move it on when
either is recorded; this moves on those recorded before."""
from django.db import migrations
from django.db.models import Q
from django.utils import timezone


def move_on(apps, schema_editor):
    Meeting = apps.get_model("arrangements", "Meeting")
    Minute = apps.get_model("arrangements", "Minute")
    Attendee = apps.get_model("arrangements", "Attendee")
    recorded = (Q(pk__in=Minute.objects.values("meeting_id"))
                | Q(pk__in=Attendee.objects.filter(attended=True).values("meeting_id")))
    Meeting.objects.filter(recorded, status="planned", held_on__lte=timezone.localdate()).update(status="held")


class Migration(migrations.Migration):

    dependencies = [
        ("arrangements", "0012_level1_screening_policy"),
    ]

    operations = [
        migrations.RunPython(move_on, migrations.RunPython.noop),
    ]
