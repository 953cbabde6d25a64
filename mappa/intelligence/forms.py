"""Forms for intelligence: what people type, turned into the data the services take."""
from django import forms

from mappa.core.forms import GovukDateField
from mappa.intelligence.models import ActionKind, SourceType

REGISTER, NOT_REGISTER = "register", "not_register"


def _choices(table: list[dict]) -> list[tuple[str, str]]:
    return [(row["code"], f"{row['code']}: {row['label']}. {row['meaning']}") for row in table]


class SubmitForm(forms.Form):
    information = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), label="What do you know",
                                  help_text="Who, what, where and when, as you learned it. Only the manager and those "
                                  "responsible for the record will read it")
    source_type = forms.ChoiceField(choices=SourceType.choices, widget=forms.RadioSelect, label="Where it came from")
    obtained_on = GovukDateField(label="When you learned it", help_text="For example, 27 3 2026")

    def to_data(self) -> dict:
        return dict(self.cleaned_data)


class EvaluateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[(REGISTER, "Register it as intelligence"),
                                          (NOT_REGISTER, "Do not register it")],
                                 widget=forms.RadioSelect, label="Your decision")
    source_evaluation = forms.ChoiceField(required=False, widget=forms.RadioSelect, label="Source evaluation")
    intelligence_assessment = forms.ChoiceField(required=False, widget=forms.RadioSelect, label="Intelligence assessment")
    handling_code = forms.ChoiceField(required=False, widget=forms.RadioSelect, label="Handling code")
    handling_conditions = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                          label="Conditions on sharing", help_text="Needed with handling code C")
    content = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}), label="Intelligence as registered",
                              help_text="The relevant parts of what was submitted")
    sanitised = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                label="Sanitised version for wider sharing",
                                help_text="Everyone who may see the record reads this: leave out the source and "
                                "anything that could identify them")
    changes_risk = forms.BooleanField(required=False, label="This changes the risk",
                                      help_text="The risk assessment and the plan become due for review")
    links = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                      label="Vehicles and places it names")
    people = forms.CharField(required=False, max_length=200, label="Other people on the register it names",
                             help_text="Their record numbers, separated by commas. Only people you may see")
    not_registered_reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                            label="Why it is not registered", help_text="Needed if you do not register it")

    def __init__(self, *args, tables: dict, places: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_evaluation"].choices = _choices(tables["source"])
        self.fields["intelligence_assessment"].choices = _choices(tables["assessment"])
        self.fields["handling_code"].choices = _choices(tables["handling"])
        self.fields["links"].choices = places
        if not places:
            del self.fields["links"]

    def clean_people(self) -> list[int]:
        text = self.cleaned_data.get("people", "")
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if any(not p.isdigit() or len(p) > 18 for p in parts):
            raise forms.ValidationError("Give record numbers only, separated by commas")
        return [int(p) for p in parts]

    def register(self) -> bool:
        return self.cleaned_data["decision"] == REGISTER

    def to_data(self) -> dict:
        keys = ("source_evaluation", "intelligence_assessment", "handling_code", "handling_conditions", "content",
                "sanitised", "changes_risk")
        return {k: self.cleaned_data.get(k) for k in keys}

    def to_links(self) -> list[dict]:
        chosen = [dict([value.split(":", 1)]) for value in self.cleaned_data.get("links", [])]
        return chosen + [{"person": pk} for pk in self.cleaned_data.get("people", [])]


class ActionForm(forms.Form):
    kind = forms.ChoiceField(choices=ActionKind.choices, widget=forms.RadioSelect, label="Kind of action")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="What must be done")
    owner = forms.ModelChoiceField(queryset=None, label="Who will do it",
                                   help_text="Only people who may read this intelligence are listed")
    due_on = GovukDateField(label="Due by", help_text="For example, 27 3 2026")

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda u: u.display_name

    def to_data(self) -> dict:
        return dict(self.cleaned_data)


class CompleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="What was done")
    completed_on = GovukDateField(label="Date completed", help_text="For example, 27 3 2026")


class PeriodForm(forms.Form):
    """The audit's period, read from the query string."""
    since = GovukDateField(label="From", help_text="Submitted on or after, for example, 1 9 2026")
    until = GovukDateField(label="To", help_text="Submitted on or before, for example, 30 11 2026")

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "The end of the period must be on or after its start")
        return data
