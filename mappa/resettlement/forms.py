"""Forms for approved premises and the pathways: what people type, turned into the data the services take. Choices
of records (referrals, placements) are given by the view from reads through the policy; premises from the
reference list in force."""
from django import forms

from mappa.core.forms import ChoosingForm, GovukDateField
from mappa.resettlement import rules
from mappa.resettlement.models import Pathway, PathwayDetail, PremisesIncident, PremisesPlacement, PremisesReferral

TIME = {"invalid": "Enter a time like 23:00"}


class ReferralForm(forms.Form):
    referred_on = GovukDateField(label="Date referred", not_in_future=True)
    premises = forms.ChoiceField(label="Approved premises", error_messages={"required": "Choose approved premises"})
    reason = forms.CharField(max_length=500, label="Reason for the referral", widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="For example, structure on release and a check on his risk to children",
                             error_messages={"required": "Give the reason for the referral"})

    def __init__(self, *args, premises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["premises"].choices = [("", "Choose premises"), *premises]


class ReferralEditForm(ReferralForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[c for c in PremisesReferral.Decision.choices if c[0]], widget=forms.RadioSelect,
                                 label="Decision", error_messages={"required": "Choose accepted or refused"})
    decision_reason = forms.CharField(required=False, max_length=300, label="Reason",
                                      help_text="Needed when the place is refused")


class PlacementForm(ChoosingForm):
    referral = forms.ChoiceField(required=False, label="Accepted referral")
    premises = forms.ChoiceField(label="Approved premises", error_messages={"required": "Choose approved premises"})
    arrived_on = GovukDateField(label="Date arrived", not_in_future=True)
    expected_departure_on = GovukDateField(required=False, label="Expected departure",
                                           help_text="Leave blank for the usual length of stay")
    key_worker = forms.CharField(required=False, max_length=200, label="Key worker")
    signing_in_hours = forms.IntegerField(required=False, min_value=1, max_value=24, label="Hours between signing in",
                                          help_text="Leave blank for the usual interval")
    signing_in_reason = forms.CharField(required=False, max_length=300, label="Reason for a different interval")
    curfew_from = forms.TimeField(required=False, label="Curfew from", help_text="For example, 23:00. Leave blank for the usual curfew",
                                  error_messages=TIME)
    curfew_to = forms.TimeField(required=False, label="Curfew until", help_text="For example, 07:00", error_messages=TIME)

    def __init__(self, *args, premises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["premises"].choices = [("", "Choose premises"), *premises]

    def to_data(self) -> dict:
        c = self.cleaned_data
        return {"referral": self.record("referral"), **{k: c[k] for k in (
            "premises", "arrived_on", "expected_departure_on", "key_worker", "signing_in_hours", "signing_in_reason",
            "curfew_from", "curfew_to")}}


class PlacementEditForm(forms.Form):
    """The arrival as recorded: the move-on plan, expected departure and signing-in are the move-on page's."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    premises = forms.ChoiceField(label="Approved premises", error_messages={"required": "Choose approved premises"})
    arrived_on = GovukDateField(label="Date arrived", not_in_future=True)
    key_worker = forms.CharField(required=False, max_length=200, label="Key worker")
    curfew_from = forms.TimeField(label="Curfew from", help_text="For example, 23:00", error_messages=TIME)
    curfew_to = forms.TimeField(label="Curfew until", help_text="For example, 07:00", error_messages=TIME)

    def __init__(self, *args, premises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["premises"].choices = [("", "Choose premises"), *premises]


class MoveOnForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    move_on_plan = forms.CharField(required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                                   label=PremisesPlacement._meta.get_field("move_on_plan").verbose_name)
    move_on_to = forms.CharField(required=False, max_length=300, label="Where they are to move on to")
    move_on_agreed_on = GovukDateField(required=False, label="Move-on plan agreed", not_in_future=True)
    expected_departure_on = GovukDateField(label="Expected departure")
    signing_in_hours = forms.IntegerField(min_value=1, max_value=24, label="Hours between signing in")
    signing_in_reason = forms.CharField(required=False, max_length=300, label="Reason for a different interval")


class DepartureForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    departed_on = GovukDateField(label="Date they left", not_in_future=True)
    departure = forms.ChoiceField(choices=[c for c in PremisesPlacement.Departure.choices if c[0]], widget=forms.RadioSelect,
                                  label="How they left", error_messages={"required": "Choose planned or unplanned"})
    destination = forms.CharField(required=False, max_length=300, label="Where they went")
    departure_notes = forms.CharField(required=False, max_length=500, label="What happened")


class IncidentForm(ChoosingForm):
    placement = forms.ChoiceField(label="Placement")
    occurred_on = GovukDateField(label="Date", not_in_future=True)
    kind = forms.ChoiceField(choices=PremisesIncident.Kind.choices, widget=forms.RadioSelect, label="What happened")
    details = forms.CharField(max_length=500, label="Details", error_messages={"required": "Say what happened"})
    action_taken = forms.CharField(required=False, max_length=300, label="Action taken")

    def to_data(self) -> dict:
        c = self.cleaned_data
        return {"placement": self.record("placement"), **{k: c[k] for k in ("occurred_on", "kind", "details",
                                                                              "action_taken")}}


class IncidentEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    occurred_on = GovukDateField(label="Date", not_in_future=True)
    kind = forms.ChoiceField(choices=PremisesIncident.Kind.choices, widget=forms.RadioSelect, label="What happened")
    details = forms.CharField(max_length=500, label="Details", error_messages={"required": "Say what happened"})
    action_taken = forms.CharField(required=False, max_length=300, label="Action taken")


class PathwayForm(forms.Form):
    kind = forms.ChoiceField(choices=Pathway.Kind.choices, widget=forms.RadioSelect, label="Pathway")
    assessed_on = GovukDateField(label="Date the need was assessed", not_in_future=True)
    need = forms.CharField(required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}), label="Need assessed")
    focus = forms.ChoiceField(choices=[("", "Not the health and substance misuse pathway"), *PathwayDetail.Focus.choices],
                              required=False, label="Health and substance misuse: what it is about",
                              help_text="Shown only to probation and health")
    provider = forms.CharField(required=False, max_length=200, label="Service working with them")

    def to_data(self) -> tuple[dict, dict | None]:
        c = self.cleaned_data
        if c["kind"] in rules.RESTRICTED_PATHWAYS:
            return ({"kind": c["kind"], "assessed_on": c["assessed_on"], "need": ""},
                    {"focus": c.get("focus", ""), "need": c["need"], "provider": c.get("provider", "")})
        detail = {k: c.get(k, "") for k in ("focus", "provider")}
        return {"kind": c["kind"], "assessed_on": c["assessed_on"], "need": c["need"]}, detail


class ActionForm(forms.Form):
    action = forms.CharField(max_length=300, label="Action", error_messages={"required": "Say what will be done"})
    who = forms.CharField(max_length=200, label="Who will do it", error_messages={"required": "Say who will do it"})
    target_on = GovukDateField(label="Target date")


class DoneForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    done_on = GovukDateField(label="Date done", not_in_future=True)


class OutcomeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(widget=forms.RadioSelect, label="Outcome", error_messages={"required": "Choose an outcome"})
    outcome_when = forms.ChoiceField(choices=rules.WHEN, widget=forms.RadioSelect, label="When",
                                     error_messages={"required": "Choose when the outcome was reached"})
    notes = forms.CharField(required=False, max_length=300, label="About the outcome")

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = rules.OUTCOMES[kind]
        if kind not in rules.RESTRICTED_PATHWAYS:
            del self.fields["notes"]
