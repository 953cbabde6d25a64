"""Forms for victims, their contact log and requests for licence conditions. Every rule is in the services."""
from django import forms

from mappa.access import policy
from mappa.core.dates import day as govuk_day
from mappa.core.forms import GovukDateField
from mappa.orders.models import Conviction
from mappa.victims import rules
from mappa.victims.models import ConditionRequest, ContactEntry, Victim


class VictimForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(choices=Victim.Kind.choices, widget=forms.RadioSelect, label="Past or potential victim")
    name = forms.CharField(max_length=200, required=False, help_text="Leave empty for a potential victim not yet known by name")
    description = forms.CharField(max_length=300, required=False, label="Who they are",
                                  help_text="For a potential victim, for example: the children of his new partner")
    relationship = forms.CharField(max_length=200, required=False, label="Relationship to the offender",
                                   help_text="For example: former partner, neighbour, stranger")
    is_child = forms.BooleanField(required=False, label="A child (under 18)")
    date_of_birth = GovukDateField(required=False, label="Date of birth", help_text="For example, 27 3 2010")
    phone = forms.CharField(max_length=40, required=False)
    email = forms.CharField(max_length=254, required=False)
    address = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    postcode = forms.CharField(max_length=12, required=False)
    contact_preferences = forms.CharField(max_length=300, required=False, label="How to contact them",
                                          help_text="Language, interpreter, how and when")
    conviction = forms.ChoiceField(required=False, label="The offence against them")
    scheme_offered_on = GovukDateField(required=False, label="Statutory contact offered on")
    scheme_response = forms.ChoiceField(choices=Victim.Response.choices, required=False, label="The victim's answer")
    scheme_responded_on = GovukDateField(required=False, label="Answered on")

    def __init__(self, *args, user, nominal, **kwargs):
        super().__init__(*args, **kwargs)
        self.convictions = {str(c.pk): c for c in policy.items_for(user, Conviction, nominal=nominal)}
        self.fields["conviction"].choices = [("", "Not linked to a conviction")] + [
            (pk, f"{c.offence}, {govuk_day(c.convicted_on)}") for pk, c in self.convictions.items()]

    def to_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["conviction"] = self.convictions.get(data.get("conviction") or "")
        return data


class ContactForm(forms.Form):
    occurred_on = GovukDateField(label="Date", required=False)
    method = forms.ChoiceField(choices=ContactEntry.Method.choices, label="How")
    reached = forms.BooleanField(required=False, initial=True, label="Contact made",
                                 help_text="Untick for an attempt that did not reach them")
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="What happened")
    views = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            label="The victim's views and concerns")


class RequestForm(forms.Form):
    requested_on = GovukDateField(label="Date asked", required=False)
    kind = forms.ChoiceField(choices=ConditionRequest.Kind.choices, label="Condition asked for")
    details = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              label="What the victim asked for, in their words")
    outcome = forms.ChoiceField(choices=ConditionRequest.Outcome.choices, label="Decision")
    decided_on = GovukDateField(label="Date decided", required=False)
    outcome_reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Reason")


def urgent_reason_field() -> forms.CharField:
    """The reason a change goes ahead without the victim liaison officer's input (victims.rules.liaison_input_errors),
    on the forms of the changes that need it. Shown to everyone who makes them: whether it is needed on a record is
    said only by the refusal, in words for the reader."""
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=rules.URGENT_LABEL,
                           help_text=rules.URGENT_HINT)

