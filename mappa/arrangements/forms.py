"""Forms for MAPPA pages: they turn what people type into what the services take."""
from django import forms

from mappa.accounts.models import Agency, User
from mappa.arrangements.models import CATEGORY_CHOICES, LEVEL_CHOICES, Action, Eligibility, LevelDecision, Meeting, Referral
from mappa.core.dates import day as govuk_day
from mappa.core.forms import GovukDateField
from mappa.core.markings import Handling

TEXT = {"widget": forms.Textarea(attrs={"rows": 3}), "required": False}


def _int_choices(choices):
    return [(str(v), label) for v, label in choices]


class IdentifyForm(forms.Form):
    category = forms.TypedChoiceField(label="MAPPA category", choices=_int_choices(CATEGORY_CHOICES), coerce=int,
                                      widget=forms.RadioSelect, required=False)
    identified_on = GovukDateField(label="Date identified as eligible", required=False, not_in_future=True)
    basis = forms.CharField(label="Basis, if the records held do not show this category", **TEXT)
    link_to_risk = forms.CharField(label="Category 3: the link between the offending and the risk of serious harm", **TEXT)
    lead_agency = forms.ModelChoiceField(label="Lead agency", queryset=Agency.objects.order_by("name"), required=False)


class EndForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    ended_on = GovukDateField(label="Date eligibility ended", required=False, not_in_future=True)
    end_reason = forms.ChoiceField(label="Reason", choices=[("", "Choose a reason")] + list(Eligibility.EndReason.choices), required=False)
    end_notes = forms.CharField(label="Notes", **TEXT)


class LevelForm(forms.Form):
    level = forms.TypedChoiceField(label="MAPPA level", choices=_int_choices(LEVEL_CHOICES), coerce=int, widget=forms.RadioSelect, required=False)
    forum = forms.ChoiceField(label="Where was the level decided?", choices=LevelDecision.Forum.choices, widget=forms.RadioSelect, required=False)
    meeting = forms.ModelChoiceField(label="Meeting (if decided at one)", queryset=Meeting.objects.none(), required=False)
    decided_on = GovukDateField(label="Date of the decision", required=False, not_in_future=True)
    rationale = forms.CharField(label="Rationale", **TEXT)
    information_considered = forms.CharField(label="Information considered", help_text="For example OASys, RM2000, police intelligence, victim's views", **TEXT)
    next_review = GovukDateField(label="Next review", required=False, help_text="Leave blank for the latest date the guidance allows")

    def __init__(self, *args, meetings=None, forums: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"].queryset = meetings
        if forums is not None:
            # Only the forums in force are offered; any other is still taken, so the service refuses it by name.
            self.fields["forum"].widget.choices = forum_choices(forums)

    def say_latest_reviews(self, decided_on, latest: dict) -> None:
        """The hint gives the dates a blank next review becomes (services.latest_reviews), rather than leaving
        them to the error."""
        if latest:
            dates = "; ".join(f"level {level}, {govuk_day(day)}" for level, day in latest.items())
            self.fields["next_review"].help_text = (f"Leave blank for the latest date the guidance allows. For a "
                                                    f"decision on {govuk_day(decided_on)}: {dates}")


def forum_choices(forums: dict) -> list:
    """The forums that may set a level under the guidance in force ({"1": [forum, ...], ...}), each saying
    which levels it may set, so a retired forum is not offered."""
    levels = {}
    for level, names in sorted(forums.items()):
        for name in names:
            levels.setdefault(name, []).append(level)
    return [(value, f"{label} ({_levels(levels[value])})") for value, label in LevelDecision.Forum.choices if value in levels]


def _levels(levels: list) -> str:
    if len(levels) == 1:
        return f"level {levels[0]}"
    return f"levels {', '.join(levels[:-1])} or {levels[-1]}"


class SuggestionSeenForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    response = forms.CharField(label="What did you decide about this prompt?", **TEXT)


class ReferralForm(forms.Form):
    requested_level = forms.TypedChoiceField(label="Referred for", choices=[("2", "Level 2"), ("3", "Level 3")], coerce=int,
                                             widget=forms.RadioSelect, required=False)
    referred_on = GovukDateField(label="Date of referral", required=False, not_in_future=True)
    reason = forms.CharField(label="Reason for referral", **TEXT)
    risk_summary = forms.CharField(label="Summary of the risk of serious harm", **TEXT)
    cannot_manage_alone = forms.CharField(label="What the lead agency cannot manage alone", **TEXT)
    asks_of_agencies = forms.CharField(label="What other agencies are asked to do", **TEXT)


class ScreeningForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="Screening outcome", choices=[(Referral.Status.ACCEPTED, "Accepted"),
                                                                   (Referral.Status.RETURNED, "Returned for level 1 management")],
                                widget=forms.RadioSelect, required=False)
    accepted_level = forms.TypedChoiceField(label="Accepted at", choices=[("", "Not accepted"), ("2", "Level 2"), ("3", "Level 3")],
                                            coerce=int, empty_value=None, required=False)
    outcome_reasons = forms.CharField(label="Reasons", **TEXT)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of meeting", choices=Meeting.Kind.choices, widget=forms.RadioSelect, required=False)
    held_on = GovukDateField(label="Date of the meeting", required=False)
    starts_at = forms.TimeField(label="Start time", required=False, help_text="Optional. For example 10:00",
                                widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
                                error_messages={"invalid": "Enter a real time, like 09:30 or 14:30"})
    venue = forms.CharField(label="Venue", required=False, max_length=200)
    chair = forms.ModelChoiceField(label="Chair", queryset=User.objects.none(), required=False)

    def __init__(self, *args, chairs=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only those who may chair (services.chairs_for); the service refuses anyone else.
        self.fields["chair"].queryset = chairs if chairs is not None else User.objects.none()


class MeetingChangeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    held_on = GovukDateField(label="Date of the meeting", required=False)
    starts_at = forms.TimeField(label="Start time", required=False, help_text="Optional. For example 10:00",
                                widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
                                error_messages={"invalid": "Enter a real time, like 09:30 or 14:30"})
    venue = forms.CharField(label="Venue", required=False, max_length=200)
    chair = forms.ModelChoiceField(label="Chair", queryset=User.objects.none(), required=False)
    status = forms.ChoiceField(label="Status", choices=[(Meeting.Status.PLANNED, "Planned"), (Meeting.Status.CANCELLED, "Cancelled")],
                               widget=forms.RadioSelect, required=False)

    def __init__(self, *args, chairs=None, started=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Only those who may chair (services.chairs_for); the service refuses anyone else.
        self.fields["chair"].queryset = chairs if chairs is not None else User.objects.none()
        if started:  # held is offered once the meeting has started (rules.has_started)
            self.fields["status"].choices = [(Meeting.Status.PLANNED, "Planned"), (Meeting.Status.HELD, "Held"),
                                             (Meeting.Status.CANCELLED, "Cancelled")]


class AttendeeForm(forms.Form):
    agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.order_by("name"), required=False)
    name = forms.CharField(label="Name", required=False, max_length=200)
    role = forms.CharField(label="Role", required=False, max_length=200)
    senior = forms.BooleanField(label="Senior representative", required=False)


class AgendaForm(forms.Form):
    nominal = forms.IntegerField(label="Record number of the case to add", required=False)


class MinuteForm(forms.Form):
    summary = forms.CharField(label="Discussion", **TEXT)
    new_information = forms.CharField(label="New information and intelligence", **TEXT)
    risk_review = forms.CharField(label="Risk assessment review", **TEXT)
    victim_issues = forms.CharField(label="Victim issues and the victim's views", **TEXT)
    disclosure_considered = forms.BooleanField(label="Disclosure to third parties was considered", required=False)
    disclosure_decision = forms.CharField(label="Decision on disclosure to third parties", **TEXT)
    actions_review = forms.CharField(label="Review of actions", **TEXT)
    decisions = forms.CharField(label="Decisions", help_text="One per line: each appears in the risk management plan", **TEXT)
    next_meeting_on = GovukDateField(label="Next meeting", required=False)
    handling = forms.ChoiceField(label="Restricted to", choices=Handling.choices, required=False,
                                 help_text="Leave unrestricted for the minutes every agency receives")


class ActionForm(forms.Form):
    description = forms.CharField(label="Action", **TEXT)
    owner_name = forms.CharField(label="Owner (person)", required=False, max_length=200)
    owner_agency = forms.ModelChoiceField(label="Owner (agency)", queryset=Agency.objects.order_by("name"), required=False)
    purpose = forms.ChoiceField(label="Purpose", choices=Action.Purpose.choices, widget=forms.RadioSelect, required=False)
    due_on = GovukDateField(label="Due date", required=False)


class ActionUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label="Status", choices=Action.Status.choices, widget=forms.RadioSelect, required=False)
    evidence = forms.CharField(label="Evidence of completion (or why cancelled)", **TEXT)
    completed_on = GovukDateField(label="Date completed", required=False, not_in_future=True)
