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

from mappa.core.forms import GovukDateWidget

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


def _items(field, id_):
    """Radio or checkbox items, the first carrying the field's own id."""
    items = []
    for index, sub in enumerate(field.subwidgets):
        data = sub.data
        items.append({
            "id": (id_ if index == 0 else f"{id_}_{index}") if id_ else "",
            "name": data["name"],
            "value": data["value"],
            "label": data["label"],
            "checked": data["selected"],
            "disabled": bool(data["attrs"].get("disabled")),
        })
    return items


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
        "hint": field.help_text,
        "errors": field.errors,
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
    errors = [{"text": error, "href": ""} for error in form.non_field_errors()]
    for field in form:
        href = f"#{field.auto_id}" if field.auto_id and not field.is_hidden else ""
        errors.extend({"text": error, "href": href} for error in field.errors)
    return {"errors": errors, "title": title}


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
