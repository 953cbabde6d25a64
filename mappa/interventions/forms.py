"""Forms for interventions: what people type, turned into the data the services take. Choices of records
(programmes, orders, referrals) are given by the view from reads through the policy."""
from django import forms

from mappa.core.forms import ChoosingForm, GovukDateField
from mappa.interventions.models import ProgrammeReferral, ProgrammeSession

DECISIONS = [(v, label) for v, label in ProgrammeReferral.Eligibility.choices if v != ProgrammeReferral.Eligibility.PENDING]
OUTCOMES = [(v, label) for v, label in ProgrammeReferral.Outcome.choices if v]


class ReferralForm(ChoosingForm):
    programme = forms.ChoiceField(label="Programme", error_messages={"required": "Choose the programme"})
    sentence = forms.ChoiceField(required=False, label="Order or licence it is under")
    referred_on = GovukDateField(label="Date referred", not_in_future=True)
    reason = forms.CharField(max_length=300, label="Why the person is referred",
                             help_text="The need or risk the programme addresses",
                             error_messages={"required": "Say why the person is referred"})

    def to_data(self) -> dict:
        c = self.cleaned_data
        return {"programme": self.record("programme"), "sentence": self.record("sentence"),
                "referred_on": c["referred_on"], "reason": c["reason"]}


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    eligibility = forms.ChoiceField(choices=DECISIONS, widget=forms.RadioSelect, label="Eligibility",
                                    error_messages={"required": "Choose eligible, not eligible or deferred"})
    eligibility_reason = forms.CharField(required=False, max_length=300, label="Reason for the decision",
                                         help_text="Needed when not eligible or deferred: for example, level of denial, "
                                                   "learning difficulties, mental health to treat first")
    assessed_on = GovukDateField(label="Date assessed", not_in_future=True)


class WaitingListForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    listed_on = GovukDateField(required=False, label="Date placed on the waiting list", not_in_future=True)
    expected_start_on = GovukDateField(required=False, label="Expected start date")
    started_on = GovukDateField(required=False, label="Date started", not_in_future=True)
    pre_programme_work = forms.CharField(required=False, max_length=300, label="Pre-programme work",
                                         help_text="For example, a passive offence account, motivational sessions")
    pre_programme_done_on = GovukDateField(required=False, label="Pre-programme work finished", not_in_future=True)


class SessionForm(forms.Form):
    on = GovukDateField(label="Date of the session", not_in_future=True)
    attendance = forms.ChoiceField(choices=ProgrammeSession.Attendance.choices, widget=forms.RadioSelect, label="Attendance",
                                   error_messages={"required": "Choose attended, missed with an acceptable reason or "
                                                               "missed with an unacceptable reason"})
    reason = forms.CharField(required=False, max_length=300, label="Reason for missing it")
    feedback = forms.CharField(required=False, max_length=500, label="Tutor's feedback")


class OutcomeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(choices=OUTCOMES, widget=forms.RadioSelect, label="Outcome",
                                error_messages={"required": "Choose completed or not completed"})
    outcome_on = GovukDateField(label="Date finished", not_in_future=True)
    outcome_reason = forms.CharField(required=False, max_length=300, label="Reason",
                                     help_text="Needed when not completed: for example, excluded for disruptive "
                                               "behaviour, the order ended")


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reviewed_on = GovukDateField(label="Date of the post-programme review", not_in_future=True)
    review_findings = forms.CharField(max_length=500, label="What the review found",
                                      error_messages={"required": "Say what the review found"})
    review_raises_concern = forms.BooleanField(required=False, label="The review finds the risk has changed",
                                               help_text="The risk assessment and plan will be due for review")


class OneToOneForm(ChoosingForm):
    referral = forms.ChoiceField(required=False, label="Programme referral it goes with")
    worker = forms.CharField(max_length=200, label="Who does the work", error_messages={"required": "Say who does the work"})
    topic = forms.CharField(max_length=300, label="What the work is on", error_messages={"required": "Say what the work is on"})
    started_on = GovukDateField(label="Started", not_in_future=True)
    sessions_planned = forms.IntegerField(required=False, min_value=1, max_value=200, label="Sessions planned")

    def to_data(self) -> dict:
        c = self.cleaned_data
        return {"referral": self.record("referral"), "worker": c["worker"], "topic": c["topic"],
                "started_on": c["started_on"], "sessions_planned": c["sessions_planned"]}


class OneToOneEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    sessions_done = forms.IntegerField(min_value=0, max_value=200, label="Sessions done",
                                       error_messages={"required": "Enter the sessions done"})
    outcome = forms.CharField(required=False, max_length=500, label="Outcome")
    ended_on = GovukDateField(required=False, label="Finished", not_in_future=True)
