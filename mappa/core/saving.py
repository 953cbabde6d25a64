"""What a page does when a service refuses to save its form: the reasons on the fields, or, when
someone else saved first, their values beside the user's for review. Nothing is saved either way."""
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from mappa.audit.models import AuditEvent
from mappa.audit.services import plain
from mappa.core.concurrency import StaleEdit

REVIEW_MESSAGE = ("Someone else changed this after you opened it. Check their changes below, then save again "
                  "if yours should still apply.")


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's validation errors on the form fields they belong to."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def try_save(form, save) -> bool:
    """Run `save()`; if a service refuses it, put its reasons on the form (a refusal of the whole change above the
    fields) and say it did not save."""
    try:
        save()
    except ValidationError as exc:
        apply_errors(form, exc)
        return False
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
        return False
    return True


def ask_to_review(form, current) -> None:
    """The next save must be made against what is saved now, after the user has seen it."""
    data = form.data.copy()
    data["version"] = current.version
    form.data = data
    form.add_error(None, REVIEW_MESSAGE)


def conflict(form, current, fields, *, value_of=None) -> list[dict]:
    """What someone else saved since this user opened the form, for review before saving again.

    A field only the other person changed takes their value in the form, so saving again keeps their
    change; a field both changed keeps what this user typed, shown beside theirs. Fields only this user
    changed are not listed: they are this user's own edit. When the other changes cannot be told from
    the history (older records), every field that differs is listed, as both values."""
    value_of = value_of or (lambda name, obj: getattr(obj, name, None))
    opened = opened_values(current, form.cleaned_data.get("version"))
    rows = []
    for name in fields:
        if name not in form.fields or name not in form.cleaned_data:
            continue
        theirs, yours = value_of(name, current), form.cleaned_data.get(name)
        label = form.fields[name].label
        if opened is None:
            if not _same(theirs, yours):
                rows.append({"label": label, "theirs": theirs, "yours": yours})
        elif name in opened and _same(yours, opened[name]):
            _put(form, name, theirs)
            rows.append({"label": label, "theirs": theirs, "kept": True})
        elif name in opened and not _same(yours, theirs):
            rows.append({"label": label, "theirs": theirs, "yours": yours})
    ask_to_review(form, current)
    return rows


def opened_values(current, version) -> dict | None:
    """{field: value as it was at `version`} for each field changed since, read from the audit history
    (record() keeps the version each change made), or None if the history does not cover every change."""
    if current is None or not version or not hasattr(current, "version"):
        return None
    events = (AuditEvent.objects.filter(object_type=current._meta.model_name, object_id=str(current.pk),
                                        details__version__gt=version)
              .order_by("at", "id").values_list("changes", "details"))
    opened, seen = {}, set()
    for changes, details in events:
        seen.add(details.get("version"))
        for field, (before, _after) in (changes or {}).items():
            opened.setdefault(field, before)
    if seen != set(range(version + 1, current.version + 1)):
        return None
    return opened


def _same(value, other) -> bool:
    return _text(value) == _text(other)


def _text(value) -> str:
    plain_value = plain(value)
    return "" if plain_value is None else str(plain_value)


def _put(form, name: str, value) -> None:
    """Show `value` in the form's field `name`, as if the user had entered it."""
    field = form.fields[name]
    widget, value = field.widget, field.prepare_value(value)
    data = form.data.copy()
    if isinstance(widget, forms.MultiWidget):
        for suffix, part in zip(widget.widgets_names, widget.decompress(value)):
            data[name + suffix] = "" if part is None else str(part)
    elif isinstance(widget, forms.CheckboxInput):
        if value:
            data[name] = "on"
        else:
            data.pop(name, None)
    elif isinstance(widget, forms.SelectMultiple):
        data.setlist(name, [str(v) for v in value or []])
    else:
        data[name] = "" if value is None else str(value)
    form.data = data


def save_or_review(form, save, fields) -> tuple[bool, list[dict]]:
    """Call save() for a valid form. Returns (saved, differences): a stale edit gives the differences
    to review, a refusal puts its reasons on the form."""
    try:
        save()
    except StaleEdit as exc:
        return False, conflict(form, exc.current, fields)
    except ValidationError as exc:
        apply_errors(form, exc)
        return False, []
    return True, []
