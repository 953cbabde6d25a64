"""Show an audit event's changes with field labels and readable values."""
import datetime

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from mappa.core import dates

register = template.Library()


def _model(object_type: str):
    for app in ("nominals", "accounts"):
        try:
            return apps.get_model(app, object_type)
        except LookupError:
            continue
    return None


def _readable(field, value):
    if value in (None, ""):
        return ""
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            if "T" in value:
                return dates.moment(datetime.datetime.fromisoformat(value))
            return dates.day(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value


@register.simple_tag
def change_rows(event):
    model = _model(event.object_type)
    rows = []
    for name, (old, new) in event.changes.items():
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        label = str(field.verbose_name).capitalize() if field is not None else name.replace("_", " ").capitalize()
        rows.append({"label": label, "old": _readable(field, old), "new": _readable(field, new)})
    return rows
