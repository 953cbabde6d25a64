"""Forms for disclosure decisions, requests, referrals and markers. Every rule is in the services."""
from django import forms

from mappa.access import policy
from mappa.arrangements.models import Meeting, Minute
from mappa.core.dates import day as govuk_day
from mappa.core.forms import GovukDateField
from mappa.nominals.models import Occupant, Relationship
from mappa.safeguarding.models import DisclosureDecision, DisclosureRequest, Marker, RecipientKind, SafeguardingReferral

TEXT = {"widget": forms.Textarea(attrs={"rows": 3}), "required": False}


def _blank(label: str, choices) -> list:
    return [("", label), *[(v, t) for v, t in choices if v]]


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    occasion = forms.ChoiceField(choices=DisclosureDecision.Occasion.choices, widget=forms.RadioSelect,
                                 label="When was disclosure considered")
    minute = forms.ChoiceField(required=False, label="Level 2 or 3 meeting",
                               help_text="For a decision made at a meeting: its minutes record it too")
    relationship = forms.ChoiceField(required=False, label="The partner this decision is about")
    occupant = forms.ChoiceField(required=False, label="The child in the household this decision is about")
    considered_on = GovukDateField(label="Date considered", required=False, help_text="For example, 27 3 2026")
    decision = forms.ChoiceField(choices=DisclosureDecision.Decision.choices, widget=forms.RadioSelect, label="Decision",
                                 required=False)
    ground = forms.ChoiceField(required=False, label="Main ground (MAPPA guidance 2009)",
                               choices=_blank("Choose a ground", DisclosureDecision.Ground.choices))
    power = forms.ChoiceField(required=False, label="Power used",
                              choices=_blank("No disclosure", DisclosureDecision.Power.choices))
    pressing_need = forms.BooleanField(required=False, label="There is a pressing need to disclose to protect others",
                                       help_text="The common law test")
    risk_to_children = forms.BooleanField(required=False, label="Poses a risk of serious harm to particular children")
    necessary = forms.BooleanField(required=False, label="Disclosure is necessary to protect them",
                                   help_text="With the box above, for a child sex offender the law presumes disclosure")
    rationale = forms.CharField(label="Reasons", **TEXT)
    recipient_kind = forms.ChoiceField(required=False, label="Who is told",
                                       choices=_blank("Choose who is told", RecipientKind.choices))
    recipient = forms.CharField(max_length=200, required=False, label="Name of the person or organisation told",
                                help_text="Shown only to those who may see victims' details on this case")
    what_disclosed = forms.CharField(label="What is disclosed", **TEXT)
    disclosed_by = forms.CharField(max_length=200, required=False, label="Disclosed by",
                                   help_text="The people and agencies who tell them")
    disclosed_on = GovukDateField(label="Date disclosed", required=False, help_text="Leave empty until it is done")
    keep_confidential = forms.CharField(label="How the person told was asked to keep it", **TEXT)
    offender_told = forms.ChoiceField(required=False, label="The person this is about",
                                      choices=DisclosureDecision.OffenderTold.choices)
    review_on = GovukDateField(label="Review by", required=False)

    def __init__(self, *args, user, nominal, **kwargs):
        super().__init__(*args, **kwargs)
        self.minute_choices = {str(m.pk): m for m in policy.items_for(user, Minute, nominal=nominal).select_related("meeting")
                        .filter(meeting__kind__in=[Meeting.Kind.LEVEL2, Meeting.Kind.LEVEL3])}
        self.partner_choices = {str(r.pk): r for r in policy.items_for(user, Relationship, nominal=nominal)
                         .filter(kind=Relationship.Kind.PARTNER)}
        self.child_choices = {str(o.pk): o for o in policy.items_for(user, Occupant, nominal=nominal)}
        self.fields["minute"].choices = [("", "Not made at a meeting")] + [
            (pk, f"{m.meeting.get_kind_display()}, {govuk_day(m.meeting.held_on)}") for pk, m in self.minute_choices.items()]
        self.fields["relationship"].choices = [("", "None")] + [(pk, r.other_name) for pk, r in self.partner_choices.items()]
        self.fields["occupant"].choices = [("", "None")] + [(pk, o.name) for pk, o in self.child_choices.items()]

    def to_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["minute"] = self.minute_choices.get(data.get("minute") or "")
        data["relationship"] = self.partner_choices.get(data.get("relationship") or "")
        data["occupant"] = self.child_choices.get(data.get("occupant") or "")
        return data


class RequestForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    applicant_name = forms.CharField(max_length=200, required=False, label="Applicant's name",
                                     help_text="Shown only to those who may see victims' details on this case")
    applicant_relationship = forms.CharField(max_length=200, required=False, label="Applicant's relationship to the child",
                                             help_text="For example: mother, grandparent, neighbour")
    concern = forms.CharField(label="What the applicant is worried about", **TEXT)
    received_on = GovukDateField(label="Application received on", required=False)
    initial_checks_on = GovukDateField(label="Initial checks done on", required=False)
    met_on = GovukDateField(label="Face-to-face meeting on", required=False)
    assessed_on = GovukDateField(label="Full risk assessment done on", required=False)
    decided_on = GovukDateField(label="Decision on", required=False)
    outcome = forms.ChoiceField(choices=DisclosureRequest.Outcome.choices, required=False, label="Outcome")
    closed_on = GovukDateField(label="Applicant told and request closed on", required=False)

    def to_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ReferralForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(choices=SafeguardingReferral.Kind.choices, widget=forms.RadioSelect, label="Referred to")
    about = forms.CharField(max_length=200, required=False, label="Who it is about",
                            help_text="The child, adult or household it protects. Shown only to those who may see "
                                      "victims' details on this case")
    referred_on = GovukDateField(label="Date referred", required=False)
    reason = forms.CharField(label="Reason", **TEXT)
    reference = forms.CharField(max_length=60, required=False, label="Their reference")
    meeting_on = GovukDateField(label="Conference or MARAC meeting on", required=False)
    outcome = forms.ChoiceField(choices=SafeguardingReferral.Outcome.choices, required=False, label="Outcome")
    outcome_on = GovukDateField(label="Date of the outcome", required=False)
    outcome_notes = forms.CharField(label="What was agreed", **TEXT)

    def to_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class MarkerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(choices=Marker.Kind.choices, widget=forms.RadioSelect, label="Kind of marker")
    text = forms.CharField(max_length=300, required=False, label="What staff must know or do",
                           help_text="Up to 300 characters. Every reader of the case sees it: do not name a victim")
    other_nominal = forms.IntegerField(required=False, label="Keep apart from (record number)",
                                       help_text="The number of another person's record, for a keep-apart marker")
    active_from = GovukDateField(label="From", required=False)
    ended_on = GovukDateField(label="Ended on", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def to_data(self) -> dict:
        from mappa.safeguarding.services import other_person

        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        pk = data.get("other_nominal")
        data["other_nominal"] = other_person(self.user, pk)
        if pk and data["other_nominal"] is None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"other_nominal": "Choose a person whose record you may see"})
        return data
