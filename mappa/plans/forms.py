"""Forms for the plan: what people type, turned into the data the services take."""
from django import forms

from mappa.accounts.models import Agency
from mappa.core.forms import GovukDateField
from mappa.nominals.forms import VersionedForm
from mappa.plans.models import Heading, PlanItem, PlanReview, Purpose
from mappa.plans.services import people_on_case

DATE_FIELDS = {"start": "Start date", "due": "Due date", "last_done_on": "Last done", "completed_on": "Completed"}


class PlanItemForm(VersionedForm):
    class Meta:
        model = PlanItem
        fields = ("heading", "what", "why", "purpose", "element", "owner", "owner_agency", "start", "due", "every_days",
                  "response_hours", "status", "last_done_on", "completed_on", "evidence", "source_key", "handling")
        widgets = {"evidence": forms.Textarea(attrs={"rows": 3}), "heading": forms.RadioSelect, "purpose": forms.RadioSelect}
        labels = {"owner": "Owner (person)", "owner_agency": "Owner (agency)", "heading": "Heading"}

    def __init__(self, *args, user=None, nominal=None, requirements=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in DATE_FIELDS.items():
            self.fields[name] = GovukDateField(label=label, required=False, help_text="For example, 27 3 2026")
        self.fields["heading"].choices = Heading.choices  # radios: no empty "select an option"
        self.fields["purpose"].choices = Purpose.choices
        self.fields["owner"].queryset = people_on_case(nominal)
        self.fields["owner"].label_from_instance = lambda u: f"{u.display_name}, {u.agency}"
        self.fields["owner"].help_text = "Leave blank only if no one is named yet: the plan will show it as missing"
        self.fields["owner_agency"].queryset = Agency.objects.order_by("name")
        self.fields["owner_agency"].help_text = "Filled in from the owner if you leave it blank"
        choices = [("", "Nothing recorded elsewhere")] + [(r.key, f"{r.source_label}: {r.text}") for r in requirements]
        current = self.instance.source_key if self.instance.pk else ""
        if current and current not in dict(choices):
            choices.append((current, self.instance.source_label or current))
        self.fields["source_key"] = forms.ChoiceField(
            choices=choices, required=False, label="Comes from",
            help_text="A licence condition, civil order prohibition, MAPPA decision, disclosure decision or victim safety measure this item puts into effect",
        )
        self.fields["handling"].label = "Restrict who can see this"
        self.fields["handling"].help_text = ("Victim details: police, probation and victim services only. Intelligence: "
                                             "police only. Health information: health agencies only.")
        self.fields["every_days"].help_text = "For something done regularly, such as a home visit every 90 days"
        self.fields["why"].help_text = "The risk factor or need this item addresses"
        self.fields["what"].error_messages["required"] = "Say what will be done"
        self.fields["heading"].error_messages["required"] = "Choose the heading this item goes under"


class ReviewForm(forms.ModelForm):
    confirm_copied = forms.BooleanField(
        required=False, label="I have checked that the sections shown as unchanged still apply word for word")

    class Meta:
        model = PlanReview
        fields = ("considered", "victim_views", "changes", "outcome", "handling")
        widgets = {n: forms.Textarea(attrs={"rows": 4}) for n in ("considered", "victim_views", "changes")} | {
            "outcome": forms.RadioSelect}
        labels = {"handling": "Restrict who can see this review"}
        help_texts = {
            "considered": "What you looked at: assessments, visits, intelligence, MAPPA decisions",
            "victim_views": "What the victim said, through the victim liaison officer, or why there is none",
            "changes": "What you changed in the plan and why, or why nothing needed to change",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("considered", "victim_views", "changes", "outcome"):
            self.fields[name].required = False  # the service says what is missing, in plain words

    def _post_clean(self):
        pass

    def to_data(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class EndorseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    checked = forms.BooleanField(
        required=False, label="I have checked the plan against what it must show, including the gaps listed above")
    note = forms.CharField(label="What you checked", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AsAtForm(forms.Form):
    on = GovukDateField(label="Show the plan as it was on", not_in_future=True, error_messages={
        "required": "Enter the date to show the plan as it was on",
        "incomplete": "The date to show the plan as it was on must include a {parts}",
        "invalid": "The date to show the plan as it was on must be a real date",
        "future": "The date to show the plan as it was on must be today or in the past",
    })
