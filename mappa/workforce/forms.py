"""Forms of the workforce pages: what people type, turned into the data the services take. The cases a session may
name and the courses of the catalogue are given by the view (read through the policy and the reference data)."""
from django import forms

from mappa.core.forms import GovukDateField


class SupervisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    held_on = GovukDateField(label="Date of the supervision", not_in_future=True)
    accountability = forms.BooleanField(required=False, label="Accountability: the cases and the work done on them")
    support = forms.BooleanField(required=False, label="Clinical support: the effect of the work on them")
    guidance = forms.BooleanField(required=False, label="Professional guidance: how to approach the work",
                                  help_text="Effective supervision covers all three (inspection 2010, paragraph 10.13)")
    cases = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple, label="Cases discussed",
                                      help_text="Cases they manage that you may both see")
    discussed = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label="What was discussed")
    agreed = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="What was agreed",
                             error_messages={"required": "Say what was agreed"})

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = [(str(n.pk), n.full_name) for n in cases]
        if not cases:
            del self.fields["cases"]
        for n in cases:  # what was agreed for each: shown on the case page to those who may read it there
            self.fields[f"agreed_{n.pk}"] = forms.CharField(
                required=False, widget=forms.Textarea(attrs={"rows": 2}), label=f"What was agreed for {n.full_name}",
                help_text="If discussed. Shown on the case page to the two of you and the team that manages the case; "
                          "nothing else of the supervision is")

    def agreed_for(self) -> dict:
        """{case id: what was agreed for it}, for the cases ticked."""
        ticked = {int(c) for c in self.cleaned_data.get("cases", [])}
        return {pk: self.cleaned_data.get(f"agreed_{pk}", "") for pk in ticked if self.cleaned_data.get(f"agreed_{pk}")}

    def to_data(self) -> dict:
        c = self.cleaned_data
        return {k: c[k] for k in ("held_on", "accountability", "support", "guidance", "discussed", "agreed")}


class AgreedForm(forms.Form):
    """What was agreed for one case discussed at a session, corrected."""
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    agreed = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label="What was agreed",
                             help_text="Shown on the case page to the two of you and the team that manages the case")

    def __init__(self, *args, case_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed"].label = f"What was agreed for {case_name}"


class CourseForm(forms.Form):
    course = forms.ChoiceField(label="Training", error_messages={"required": "Choose the training"})
    completed_on = GovukDateField(label="Completed", not_in_future=True)
    expires_on = GovukDateField(label="Expires", required=False, help_text="Leave blank if it does not expire")

    def __init__(self, *args, courses: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].choices = [("", "Choose the training"), *courses.items()]
