"""Forms for supervision: what people type, turned into the data the services take. Choices of records (orders,
requirements, plan items, absences) are given by the view from reads through the policy."""
from django import forms

from mappa.core.forms import ChoosingForm, GovukDateField
from mappa.supervision.models import (
    Appointment,
    CourtOutcome,
    Objective,
    OrderWarning,
    PolygraphExam,
    Requirement,
    TreatmentDetail,
)

OUTCOMES = [(v, label) for v, label in Appointment.Outcome.choices if v]



class RequirementForm(ChoosingForm):
    sentence = forms.ChoiceField(label="Order")
    kind = forms.ChoiceField(choices=Requirement.Kind.choices, widget=forms.RadioSelect, label="Type of requirement")
    details = forms.CharField(required=False, max_length=300, label="Details",
                              help_text="The programme, address, place or curfew hours. Put treatment details below")
    hours = forms.IntegerField(required=False, min_value=1, max_value=1000, label="Hours of unpaid work ordered")
    days = forms.IntegerField(required=False, min_value=1, max_value=1000, label="Days or sessions ordered",
                              help_text="Rehabilitation activity days, programme sessions, treatment sessions")
    starts_on = GovukDateField(label="Starts", help_text="For example, 27 3 2026")
    ends_on = GovukDateField(required=False, label="Ends")
    electronic_monitoring = forms.BooleanField(required=False, label="Electronically monitored (curfew or exclusion)")
    treatment = forms.ChoiceField(choices=[("", "Not a treatment requirement")] + TreatmentDetail.Kind.choices,
                                  required=False, label="What the treatment is for",
                                  help_text="Shown only to probation and health")
    provider = forms.CharField(required=False, max_length=200, label="Treatment provider")
    testing = forms.CharField(required=False, max_length=300, label="Testing", help_text="For example, weekly drug tests")

    def to_data(self) -> tuple[dict, dict | None]:
        c = self.cleaned_data
        data = {"sentence": self.record("sentence"), "kind": c["kind"], "details": c["details"], "hours": c["hours"],
                "days": c["days"], "starts_on": c["starts_on"], "ends_on": c["ends_on"],
                "electronic_monitoring": c["electronic_monitoring"]}
        if "treatment" not in self.fields:  # the reader's agency may not record treatment details
            return data, None
        treatment = {"treatment": c["treatment"], "provider": c["provider"], "testing": c["testing"]}
        return data, (treatment if any(treatment.values()) or c["kind"] == "treatment" else None)


class AppointmentForm(ChoosingForm):
    sentence = forms.ChoiceField(required=False, label="Order")
    licence = forms.ChoiceField(required=False, label="Or a licence in force",
                                help_text="For supervision on licence: choose the licence instead of an order")
    requirement = forms.ChoiceField(required=False, label="Requirement it is part of")
    kind = forms.ChoiceField(choices=Appointment.Kind.choices, widget=forms.RadioSelect, label="Type of appointment")
    on = GovukDateField(label="Date", help_text="For example, 27 3 2026")
    at = forms.TimeField(required=False, label="Time", help_text="For example, 14:30",
                         error_messages={"invalid": "Enter a time like 14:30"})
    place = forms.CharField(required=False, max_length=200, label="Where")

    def to_data(self) -> dict:
        c = self.cleaned_data
        return {"sentence": self.record("sentence"), "licence": self.record("licence"),
                "requirement": self.record("requirement"), "kind": c["kind"], "on": c["on"], "at": c["at"],
                "place": c["place"]}


class OutcomeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(choices=OUTCOMES, widget=forms.RadioSelect, label="What happened",
                                error_messages={"required": "Choose kept, acceptable absence or unacceptable absence"})
    reason = forms.CharField(required=False, max_length=300, label="Reason for the absence",
                             help_text="Needed for an absence: for example, illness with a doctor's note")
    hours = forms.IntegerField(required=False, min_value=1, max_value=24, label="Hours worked",
                               help_text="Unpaid work sessions only")


class WarningForm(ChoosingForm):
    sentence = forms.ChoiceField(required=False, label="Order")
    licence = forms.ChoiceField(required=False, label="Or a licence in force",
                                help_text="For a warning on licence: choose the licence instead of an order")
    appointment = forms.ChoiceField(required=False, label="The unacceptable absence it is for")
    kind = forms.ChoiceField(choices=OrderWarning.Kind.choices, widget=forms.RadioSelect, label="Warning")
    given_on = GovukDateField(label="Date given", not_in_future=True)
    reason = forms.CharField(max_length=300, label="What the warning was for",
                             error_messages={"required": "Say what the warning was for"})

    def to_data(self) -> dict:
        c = self.cleaned_data
        return {"sentence": self.record("sentence"), "licence": self.record("licence"),
                "appointment": self.record("appointment"), "kind": c["kind"], "given_on": c["given_on"],
                "reason": c["reason"]}


class BreachForm(ChoosingForm):
    sentence = forms.ChoiceField(label="Order")
    occurred_on = GovukDateField(label="When the breach happened", not_in_future=True)
    what = forms.CharField(max_length=500, label="What the breach is",
                           help_text="For example, three unacceptable absences in 12 months",
                           error_messages={"required": "Say what the breach is"})


class CourtOutcomeForm(forms.Form):
    court = forms.CharField(max_length=200, label="Court", error_messages={"required": "Enter the court"})
    heard_on = GovukDateField(label="Date of the hearing", not_in_future=True)
    recommendation = forms.CharField(required=False, max_length=300, label="What you proposed to the court")
    outcome = forms.ChoiceField(choices=CourtOutcome.Outcome.choices, widget=forms.RadioSelect,
                                label="What the court decided")
    details = forms.CharField(required=False, max_length=300, label="Details")


class ObjectiveForm(ChoosingForm):
    sentence = forms.ChoiceField(required=False, label="Order")
    need = forms.ChoiceField(choices=Objective.Need.choices, label="Need it addresses",
                             help_text="Drug, alcohol and mental health objectives are shown only to health and your agency")
    objective = forms.CharField(max_length=300, label="Objective", error_messages={"required": "Enter the objective"})
    person_does = forms.CharField(required=False, max_length=300, label="What the person will do")
    manager_does = forms.CharField(required=False, max_length=300, label="What the offender manager will do")
    others_do = forms.CharField(required=False, max_length=300, label="What others will do, and who")
    target_on = GovukDateField(label="Target date")
    review_on = GovukDateField(required=False, label="Review by")
    plan_item = forms.ChoiceField(required=False, label="Risk management plan item it serves",
                                  help_text="When the objective manages a risk")

    def to_data(self) -> dict:
        c = self.cleaned_data
        return {"sentence": self.record("sentence"), "need": c["need"], "objective": c["objective"],
                "person_does": c["person_does"], "manager_does": c["manager_does"], "others_do": c["others_do"],
                "target_on": c["target_on"], "review_on": c["review_on"], "plan_item": self.record("plan_item")}


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=Objective.Status.choices, widget=forms.RadioSelect, label="Where it stands")
    reviewed_on = GovukDateField(label="Date of the review", not_in_future=True)
    review_notes = forms.CharField(max_length=300, label="What the review found",
                                   error_messages={"required": "Say what the review found"})
    review_on = GovukDateField(required=False, label="Next review by")


class RequirementEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    details = forms.CharField(required=False, max_length=300, label="Details")
    ends_on = GovukDateField(required=False, label="Ends")
    electronic_monitoring = forms.BooleanField(required=False, label="Electronically monitored (curfew or exclusion)")
    status = forms.ChoiceField(choices=Requirement.Status.choices, widget=forms.RadioSelect, label="Status")


class TreatmentEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    provider = forms.CharField(required=False, max_length=200, label="Treatment provider")
    residential = forms.BooleanField(required=False, label="Residential treatment")
    testing = forms.CharField(required=False, max_length=300, label="Testing")
    progress_notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                     label="How the treatment is going")


class PolygraphForm(forms.Form):
    examined_on = GovukDateField(label="Date of the examination", not_in_future=True, help_text="For example, 27 3 2026")
    examiner = forms.CharField(max_length=200, label="Examiner", error_messages={"required": "Enter the examiner"})
    kind = forms.ChoiceField(choices=PolygraphExam.Kind.choices, widget=forms.RadioSelect, label="Type of examination",
                             error_messages={"required": "Choose the type of examination"})
    outcome = forms.ChoiceField(choices=PolygraphExam.Outcome.choices, widget=forms.RadioSelect, label="Outcome",
                                error_messages={"required": "Choose the outcome"})
    disclosures = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Disclosures",
                                  help_text="What he disclosed before, during or after the examination. A disclosure "
                                            "or a significant response makes the risk and plan reviews due")
    actions = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Actions")


class PolygraphEditForm(PolygraphForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MedicationForm(forms.Form):
    drug = forms.CharField(max_length=200, label="Medication", error_messages={"required": "Enter the medication"})
    prescriber = forms.CharField(max_length=200, label="Prescriber", error_messages={"required": "Enter the prescriber"})
    consent_on = GovukDateField(label="Date consent was given", not_in_future=True, help_text="For example, 27 3 2026")
    started_on = GovukDateField(required=False, label="Started")


class MedicationEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    drug = forms.CharField(max_length=200, label="Medication", error_messages={"required": "Enter the medication"})
    prescriber = forms.CharField(max_length=200, label="Prescriber", error_messages={"required": "Enter the prescriber"})
    started_on = GovukDateField(required=False, label="Started")
    reviewed_on = GovukDateField(required=False, label="Date of the review", not_in_future=True)
    review_notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                   label="What the review found")
    consent_withdrawn_on = GovukDateField(required=False, label="Consent withdrawn", not_in_future=True)
    ended_on = GovukDateField(required=False, label="Ended")


class CircleForm(forms.Form):
    referred_on = GovukDateField(label="Referred", not_in_future=True, help_text="For example, 27 3 2026")
    provider = forms.CharField(required=False, max_length=200, label="Circles project")
    started_on = GovukDateField(required=False, label="Circle started", not_in_future=True)
    volunteers = forms.IntegerField(required=False, min_value=1, max_value=20, label="Volunteers in the circle",
                                    help_text="Usually three")


class CircleEditForm(CircleForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    ended_on = GovukDateField(required=False, label="Circle ended", not_in_future=True)
    end_reason = forms.CharField(required=False, max_length=300, label="Why it ended")


class ConcernForm(forms.Form):
    raised_on = GovukDateField(label="Date raised", not_in_future=True)
    concern = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="The concern",
                              help_text="A concern makes the risk and plan reviews due",
                              error_messages={"required": "Say what the concern is"})
    action = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="What you did")
