"""Forms for themed audits: what people type, turned into the data the services take."""
from django import forms

from mappa.core.forms import GovukDateField
from mappa.quality.models import Answer


class StartAuditForm(forms.Form):
    theme = forms.CharField(max_length=200, label="Theme",
                            help_text="What this audit looks at, for example “Records of new registrations”")

    def __init__(self, *args, sample: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["size"] = forms.IntegerField(
            label="Number of cases to sample", min_value=1, max_value=sample["most"], initial=sample["default"],
            help_text=f"Drawn at random from the cases you may see in the area. Up to {sample['most']}.")


class CaseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    findings = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Findings",
                               help_text="What you found, and what should change")

    def __init__(self, *args, checklist: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = [q["key"] for q in checklist]
        for question in checklist:
            self.fields[question["key"]] = forms.ChoiceField(
                choices=Answer.choices, widget=forms.RadioSelect, label=question["text"])
        self.order_fields(["version", *self.questions, "findings"])

    def answers(self) -> dict:
        return {key: self.cleaned_data[key] for key in self.questions}


class ActionForm(forms.Form):
    description = forms.CharField(max_length=300, label="What needs to be put right")
    owner = forms.ModelChoiceField(queryset=None, label="Who will do it", empty_label="Choose someone")
    due_on = GovukDateField(label="To be done by", help_text="For example, 27 3 2027")

    def __init__(self, *args, owners: list, **kwargs):
        super().__init__(*args, **kwargs)
        from mappa.accounts.models import User

        self.fields["owner"].queryset = User.objects.filter(pk__in=[o.pk for o in owners])
        self.fields["owner"].label_from_instance = lambda u: u.display_name


class DoneForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(max_length=300, required=False, label="What was done")


class FinishAuditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Summary of the audit")
