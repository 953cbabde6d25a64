"""Reading reference data that guidance sets, as in force on a date."""
import datetime

from django.utils import timezone

from mappa.core.models import ReferenceSetting


class MissingReferenceData(LookupError):
    pass


def in_force(key: str, on: datetime.date | None = None) -> ReferenceSetting:
    on = on or timezone.localdate()
    row = ReferenceSetting.objects.filter(key=key, effective_from__lte=on).order_by("-effective_from").first()
    if row is None:
        raise MissingReferenceData(f"No reference value for {key!r} in force on {on:%d %B %Y}")
    return row


def value(key: str, on: datetime.date | None = None):
    return in_force(key, on).value


def load_rows(apps, rows) -> None:
    """For data migrations: put guidance's rows in place (again, if they are there already)."""
    setting = apps.get_model("core", "ReferenceSetting")
    for row in rows:
        setting.objects.update_or_create(key=row["key"], effective_from=row["effective_from"], defaults=row)


def unload_rows(apps, rows) -> None:
    setting = apps.get_model("core", "ReferenceSetting")
    for row in rows:
        setting.objects.filter(key=row["key"], effective_from=row["effective_from"]).delete()
