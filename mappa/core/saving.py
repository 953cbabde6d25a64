"""What a page does when a service refuses to save its form: the reasons on the fields, or, when
someone else saved first, their values beside the user's for review. Nothing is saved either way."""
from django.core.exceptions import ValidationError

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


def ask_to_review(form, current) -> None:
    """The next save must be made against what is saved now, after the user has seen it."""
    data = form.data.copy()
    data["version"] = current.version
    form.data = data
    form.add_error(None, REVIEW_MESSAGE)


def conflict(form, current, fields) -> list[dict]:
    """What the other person saved, beside what this user typed, for review before saving again."""
    rows = []
    for name in fields:
        if name not in form.fields or name not in form.cleaned_data:
            continue
        theirs, yours = getattr(current, name, None), form.cleaned_data.get(name)
        if str(theirs or "") != str(yours or ""):
            rows.append({"label": form.fields[name].label, "theirs": theirs, "yours": yours})
    ask_to_review(form, current)
    return rows


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
