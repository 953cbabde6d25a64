"""Forms for this part: one per kind of record, built from the kinds table."""
from django import forms
from django.urls import reverse

from mappa.access import policy
from mappa.core.forms import GovukDateField
from mappa.nominals.forms import ItemForm, link_stored_file
from mappa.orders.kinds import LINKS, PAST_DATES

TEXTAREAS = {"notes", "evidence", "reason", "outcome", "what", "text", "details"}


def _field(db_field, **kwargs):
    if db_field.get_internal_type() == "DateField":
        return GovukDateField(label=kwargs.get("label", str(db_field.verbose_name).capitalize()), required=not db_field.blank,
                              not_in_future=db_field.name in PAST_DATES, help_text=db_field.help_text)
    if db_field.get_internal_type() == "DateTimeField":
        return forms.DateTimeField(label=str(db_field.verbose_name).capitalize(), required=not db_field.blank,
                                   help_text="Date and time, like 2026-03-14 09:30",
                                   error_messages={"invalid": "Enter a real date and time, like 2026-03-14 09:30"},
                                   widget=forms.DateTimeInput(attrs={"class": "govuk-input--width-20"}))
    field = db_field.formfield(**kwargs)
    if field is not None and db_field.name in TEXTAREAS:
        field.widget = forms.Textarea(attrs={"rows": 3})
    return field


class RecordForm(ItemForm):
    def __init__(self, *args, user=None, nominal=None, **kwargs):
        super().__init__(*args, user=user, nominal=nominal, **kwargs)
        for name, model in LINKS.items():
            if name in self.fields:
                self.fields[name].queryset = policy.items_for(user, model, nominal=nominal)
                self.fields[name].label_from_instance = str
                self.fields[name].empty_label = "None"
                self.fields[name].error_messages["required"] = f"Choose the {name.replace('_', ' ')}"
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField) and field.required:
                field.error_messages["required"] = f"Choose the {str(field.label).lower()}"
        if self.instance.pk and "copy" in self.fields:
            link_stored_file(self, "copy", reverse("orders:order_copy", args=[self.instance.nominal_id, self.instance.pk]))


def form_class(kind):
    return forms.modelform_factory(kind.model, form=RecordForm, fields=list(kind.fields), formfield_callback=_field)
