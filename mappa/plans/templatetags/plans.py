import datetime

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.dateformat import format as format_date

from mappa.plans.models import PlanItem

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


def _label_and_choices(name):
    try:
        field = PlanItem._meta.get_field(name)
    except FieldDoesNotExist:
        return name.replace("_", " ").capitalize(), {}
    label = str(field.verbose_name)
    return label[:1].upper() + label[1:], {str(k): v for k, v in (field.choices or [])}


@register.filter
def change_rows(changes):
    """A revision's changes as (label, before, after), in words a reader understands."""
    rows = []
    for name, (before, after) in (changes or {}).items():
        label, choices = _label_and_choices(name)
        rows.append((label, _words(before, choices), _words(after, choices)))
    return rows


def _words(value, choices):
    if str(value) in choices:
        return choices[str(value)]
    if isinstance(value, str) and len(value) == 10:
        try:
            return format_date(datetime.date.fromisoformat(value), "j M Y")
        except ValueError:
            pass
    return value


@register.filter
def status_label(value):
    return dict(PlanItem._meta.get_field("status").choices).get(value, value)
