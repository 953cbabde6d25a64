"""Form pieces for GOV.UK-style pages: a day/month/year date input and its field."""
import datetime

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_date


class GovukDateWidget(forms.MultiWidget):
    """Three text inputs named <name>_day, <name>_month and <name>_year.

    The day input has the field's own id (id_<name>) so that error summary links and
    labels pointing at the field land on it.
    """

    template_name = "govuk/date_input.html"
    parts = ("day", "month", "year")

    def __init__(self, attrs=None):
        def part(width):
            return forms.TextInput(
                attrs={"class": f"govuk-input govuk-date-input__input govuk-input--width-{width}", "inputmode": "numeric"}
            )

        super().__init__({"day": part(2), "month": part(2), "year": part(4)}, attrs)

    def decompress(self, value):
        if isinstance(value, str):
            value = parse_date(value)
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        id_ = context["widget"]["attrs"].get("id")
        invalid = context["widget"]["attrs"].get("aria-invalid") == "true"
        values = [str(sub["value"] or "").strip() for sub in context["widget"]["subwidgets"]]
        # When some parts were given, only the missing ones are marked as in error.
        missing = [not v for v in values] if any(values) and not all(values) else [True] * 3
        for part, subwidget, show_error in zip(self.parts, context["widget"]["subwidgets"], missing):
            sub_attrs = subwidget["attrs"]
            if id_:
                sub_attrs["id"] = id_ if part == "day" else f"{id_}_{part}"
            if invalid and show_error:
                sub_attrs["class"] += " govuk-input--error"
            subwidget["part"] = part
        context["widget"]["id"] = id_
        return context

    def id_for_label(self, id_):
        return id_


class GovukDateField(forms.Field):
    """A date entered as day, month and year, with GOV.UK's plain-English errors.

    Messages use the field's label at validation time ("the date" if it has none).
    Each can be replaced through error_messages; {label} is the label in mid-sentence
    form and {Label} at the start of a sentence.
    """

    widget = GovukDateWidget
    default_error_messages = {
        "required": "Enter {label}",
        "incomplete": "{Label} must include a {parts}",
        "invalid": "{Label} must be a real date",
        "future": "{Label} must be today or in the past",
    }

    def __init__(self, *, not_in_future=False, **kwargs):
        self.not_in_future = not_in_future
        super().__init__(**kwargs)

    def _error(self, code, **extra):
        label = str(self.label or "").strip() or "the date"
        # Keep acronyms ("PNC date") as written; otherwise lower the first letter.
        mid = label if label[:2].isupper() else label[:1].lower() + label[1:]
        message = str(self.error_messages[code]).format(label=mid, Label=label[:1].upper() + label[1:], **extra)
        return forms.ValidationError(message, code=code)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):  # e.g. initial data given as "2020-02-29", or a date in a link
            try:
                parsed = parse_date(value.strip())
            except ValueError:  # well formed but not a real date: "2020-02-30"
                parsed = None
            if parsed is None:
                raise self._error("invalid")
            return parsed
        parts = [str(p or "").strip() for p in value]
        if not any(parts):
            return None
        missing = [name for name, p in zip(GovukDateWidget.parts, parts) if not p]
        if missing:
            raise self._error("incomplete", parts=" and ".join(missing))
        day, month, year = parts
        if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
            raise self._error("invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # "31 February", or a day of twenty digits
            raise self._error("invalid") from None

    def validate(self, value):
        if value is None and self.required:
            raise self._error("required")
        if value is not None and self.not_in_future and value > timezone.localdate():
            raise self._error("future")


class ChoosingForm(forms.Form):
    """A form that chooses among records the view read through the policy: `records` maps a field to its rows."""

    def __init__(self, *args, records: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = {}
        for name, rows in (records or {}).items():
            rows = list(rows)
            self.records[name] = {str(r.pk): r for r in rows}
            blank = [] if self.fields[name].required else [("", "None")]
            self.fields[name].choices = blank + [(str(r.pk), label) for r, label in
                                                 ((r, getattr(r, "choice_label", None) or str(r)) for r in rows)]

    def record(self, name):
        value = self.cleaned_data.get(name)
        return self.records.get(name, {}).get(value) if value else None
