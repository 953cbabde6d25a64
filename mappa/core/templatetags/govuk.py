"""Render ordinary Django forms as GOV.UK Design System markup.

    {% load govuk %}
    {% govuk_error_summary form %}
    {% govuk_field form.name %}
    {% govuk_field form.date_of_birth size="m" %}
    {% summary_row "Name" person.name %}

Hint and error ids follow Django's own ({{ auto_id }}_helptext, {{ auto_id }}_error), so
Django's automatic aria-describedby on widgets points at them. The first input of every
field has the id id_<name> (the day of a date, the first radio or checkbox), which the
error summary links to.
"""
from django import forms, template
from django.db.models.fields import BLANK_CHOICE_LABEL

from mappa.core.forms import GovukDateWidget
from mappa.core.words import in_a_sentence

register = template.Library()

# Widget kind: (class for the control, extra class when the field has errors)
_CONTROL_CLASSES = {
    "input": ("govuk-input", "govuk-input--error"),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
    "checkbox": ("govuk-checkboxes__input", ""),
}
_SIZES = {"s", "m", "l", "xl"}


def _kind(widget):
    # Order matters: CheckboxSelectMultiple is a RadioSelect, most widgets are Inputs.
    if isinstance(widget, GovukDateWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


# Django's label for the empty choice of a list: a placeholder, not words ("- Select an option -").
_DJANGO_BLANKS = {str(BLANK_CHOICE_LABEL), "---------"}


def _is_django_blank(value, label) -> bool:
    return value in ("", None) and str(label) in _DJANGO_BLANKS


def _name_the_empty_choice(field, mid: str) -> None:
    """A list's empty choice says what to do ("Choose the kind"), not Django's placeholder."""
    f = field.field
    if isinstance(f, forms.ModelChoiceField):
        if f.empty_label is not None and str(f.empty_label) in _DJANGO_BLANKS:
            f.empty_label = f"Choose {_the(mid)}"
    elif isinstance(f, forms.ChoiceField):
        choices = list(f.choices)
        if choices and _is_django_blank(*choices[0][:2]):
            f.choices = [("", f"Choose {_the(mid)}"), *choices[1:]]


def _items(field, id_):
    """Radio or checkbox items, the first carrying the field's own id. Django's empty choice is no radio
    ("- Select an option -"): a required question starts with none chosen; an optional one offers "None"."""
    items = []
    for sub in field.subwidgets:
        data = sub.data
        if _is_django_blank(data["value"], data["label"]):
            if field.field.required:
                continue
            data = {**data, "label": "None"}
        index = len(items)
        items.append({
            "id": (id_ if index == 0 else f"{id_}_{index}") if id_ else "",
            "name": data["name"],
            "value": data["value"],
            "label": data["label"],
            "checked": data["selected"],
            "disabled": bool(data["attrs"].get("disabled")),
        })
    return items


# Django's own wording for these, which says neither which field nor what to do.
_GENERIC = {
    "required": "This field is required",
    "max_length": "Ensure this value has at most",
    "min_length": "Ensure this value has at least",
    "invalid_choice": "Select a valid choice",
}


def plain_errors(field) -> list[str]:
    """The field's errors, with Django's generic wording replaced by words naming the field, as the
    GOV.UK pattern asks ("Enter the first name", "Select the gender", "Notes must be 300 characters or
    fewer"). Messages a form or service wrote itself are kept as they are."""
    label = str(field.label or "this").strip().rstrip(":")
    mid = in_a_sentence(label)
    choosing = isinstance(field.field.widget, (forms.Select, forms.RadioSelect, forms.CheckboxInput))
    out = []
    for error in field.errors.as_data():
        for message in error.messages:
            generic = error.code in _GENERIC and str(message).startswith(_GENERIC[error.code])
            out.append(_plain_message(error, mid, choosing) if generic else str(message))
    return list(dict.fromkeys(out))  # a refusal the form and the service both make is said once


def _plain_message(error, mid: str, choosing: bool) -> str:
    limit = (error.params or {}).get("limit_value")
    sentence = mid[:1].upper() + mid[1:]
    if error.code == "required":
        return f"Select {_the(mid)}" if choosing else f"Enter {_the(mid)}"
    if error.code == "max_length":
        return f"{sentence} must be {limit} characters or fewer"
    if error.code == "min_length":
        return f"{sentence} must be {limit} characters or more"
    return f"Select {_the(mid)} from the list"


def _the(mid: str) -> str:
    return mid if mid.lower().startswith(("the ", "a ", "an ", "your ", "their ")) else f"the {mid}"


def _hint_with_limits(field) -> str:
    """The hint says a lower limit the field will enforce, so the user learns it before the error does."""
    hint = str(field.help_text or "")
    least = getattr(field.field, "min_length", None)
    if least and str(least) not in hint:
        hint = f"{hint}. At least {least} characters" if hint else f"At least {least} characters"
    return hint


@register.inclusion_tag("govuk/field.html")
def govuk_field(field, size="", heading=False):
    """A whole GOV.UK form group for one bound field.

    size: "s", "m", "l" or "xl" for a bigger label or legend; heading=True wraps the
    label or legend in an <h1> (for one-question pages).
    """
    widget = field.field.widget
    kind = _kind(widget)
    id_ = field.auto_id or ""
    context = {
        "field": field,
        "kind": kind,
        "id": id_,
        "label": field.label,
        "hint": _hint_with_limits(field),
        "errors": plain_errors(field),
        "size": size if size in _SIZES else "",
        "heading": heading,
        "fieldset": kind in ("radios", "checkboxes", "date"),
    }
    if kind in ("radios", "checkboxes"):
        context["items"] = _items(field, id_)
        context["input_type"] = "radio" if kind == "radios" else "checkbox"
        context["describedby"] = field.aria_describedby
    elif kind == "date":
        context["describedby"] = field.aria_describedby
        context["control"] = field.as_widget()
    elif kind == "hidden":
        context["control"] = field.as_widget()
    else:
        if kind == "select":
            _name_the_empty_choice(field, in_a_sentence(str(field.label or "one")))
        base, error = _CONTROL_CLASSES[kind]
        # Passing "class" replaces the widget's own, so merge them (keeps width classes).
        classes = [base, error if field.errors else "", widget.attrs.get("class", "")]
        context["control"] = field.as_widget(attrs={"class": " ".join(c for c in classes if c)})
    return context


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(form, title="There is a problem"):
    """GOV.UK error summary for a bound form; renders nothing when it has no errors."""
    if not form or not form.errors:
        return {"errors": []}
    on_fields = []
    for field in form:
        href = f"#{field.auto_id}" if field.auto_id and not field.is_hidden else ""
        on_fields.extend({"text": error, "href": href} for error in plain_errors(field))
    # Each refusal once: one the page also put on a field is listed there, linked to it.
    said = {e["text"] for e in on_fields}
    errors = [{"text": e, "href": ""} for e in dict.fromkeys(form.non_field_errors()) if e not in said]
    return {"errors": errors + on_fields, "title": title}


@register.inclusion_tag("govuk/summary_row.html")
def summary_row(label, value, href="", action="Change"):
    """One row of a GOV.UK summary list; an action link when href is given."""
    return {"label": label, "value": value, "href": href, "action": action}


@register.simple_tag
def govuk_page_range(page_obj, on_each_side=1, on_ends=1):
    """Page numbers around the current page, with Paginator.ELLIPSIS in the gaps.

    {% govuk_page_range page_obj as pages %}
    """
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends))
