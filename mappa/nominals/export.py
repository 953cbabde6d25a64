"""A record as one JSON document: exactly what the reader may see, stamped with its marking."""
import datetime

from django.utils import timezone

from mappa.access import policy
from mappa.core.markings import highest
from mappa.nominals.items import KINDS, NOMINAL_FIELDS


def _value(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "name") and hasattr(value, "storage"):
        return value.name or None
    return value


def _row(obj, fields) -> dict:
    row = {"id": obj.pk, "version": obj.version}
    for name in fields:
        field = obj._meta.get_field(name)
        row[name] = getattr(obj, field.attname) if field.is_relation else _value(getattr(obj, name))
    row["marking"] = obj.marking
    return row


def record_document(user, nominal) -> dict:
    sections = {
        slug: [_row(item, kind.fields) for item in policy.items_for(user, kind.model, nominal=nominal)]
        for slug, kind in KINDS.items()
    }
    markings = [nominal.marking] + [row["marking"] for rows in sections.values() for row in rows]
    return {
        "marking": highest(markings),
        "exported_at": timezone.now().isoformat(),
        "exported_by": user.display_name,
        "person": {"id": nominal.pk, "version": nominal.version, **{f: _value(getattr(nominal, f)) for f in NOMINAL_FIELDS},
                   "team": str(nominal.team), "manager": nominal.manager.display_name if nominal.manager_id else None},
        "partners": [
            {"name": p.user.display_name, "agency": str(p.user.agency), "since": p.added_at.isoformat()}
            for p in policy.partners_for(user, nominal).select_related("user__agency")
        ],
        **sections,
    }
