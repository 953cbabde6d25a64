"""Forms for the administration pages. They check what was typed; the rules (unique names,
strong passwords, who needs a team) are the services' (admin_services), so pages and any other
caller get the same plain-English errors."""
from django import forms

from mappa.accounts.models import Agency, AgencyKind, Area, Role, Team

ACTIVE_CHOICES = [("", "Active and deactivated"), ("yes", "Active"), ("no", "Deactivated")]


def initial_from(instance, fields) -> dict:
    return {f: getattr(instance, f) for f in fields}


def _text(label, message, max_length, **kwargs):
    return forms.CharField(label=label, max_length=max_length, error_messages={
        "required": message, "max_length": f"{label} must be {max_length} characters or fewer",
    }, **kwargs)


def _teams():
    return Team.objects.select_related("agency", "area").order_by("agency__name", "name")


class DataForm(forms.Form):
    def to_data(self) -> dict:
        return dict(self.cleaned_data)


class UserForm(DataForm):
    first_name = _text("First name", "Enter the first name", 150)
    last_name = _text("Last name", "Enter the last name", 150)
    email = forms.EmailField(label="Email address", required=False, max_length=254, error_messages={
        "invalid": "Enter an email address in the correct format, like name@example.org",
    }, widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    job_title = _text("Job title", "", 120, required=False)
    role = forms.ChoiceField(label="Role", choices=[("", "Choose a role")] + list(Role.choices),
                             error_messages={"required": "Choose the user's role"})
    team = forms.ModelChoiceField(
        label="Team", queryset=_teams(), required=False, empty_label="No team (administrators only)",
        help_text="The user's agency is the team's agency",
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    victim_liaison = forms.BooleanField(
        label="Victim liaison officer", required=False,
        help_text="Sees and records victims' details and statutory victim contact on the records they can reach")


class NewUserForm(UserForm):
    username = forms.CharField(
        label="Username", max_length=150, help_text="What they type to sign in",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}),
        error_messages={"required": "Enter the username", "max_length": "The username must be 150 characters or fewer"},
    )
    password = forms.CharField(
        label="Initial password", strip=False,
        help_text="At least 12 characters, not a common password. Give it to the user in person or by phone",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a password for the user"},
    )

    field_order = ["username", "first_name", "last_name", "email", "job_title", "role", "team", "victim_liaison",
                   "password"]


class PasswordForm(forms.Form):
    password = forms.CharField(
        label="New password", strip=False,
        help_text="At least 12 characters, not a common password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the new password"},
    )


class UserFilterForm(forms.Form):
    q = forms.CharField(label="Name or username", required=False, max_length=150)
    agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.all(), required=False,
                                    empty_label="All agencies")
    role = forms.ChoiceField(label="Role", required=False, choices=[("", "All roles")] + list(Role.choices))
    active = forms.ChoiceField(label="Status", required=False, choices=ACTIVE_CHOICES)


class AgencyForm(DataForm):
    code = _text("Code", "Enter the code", 40, help_text="A short identifier: letters, numbers and hyphens, like northshire-police",
                 widget=forms.TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-20"}))
    name = _text("Name", "Enter the name", 160)
    kind = forms.ChoiceField(label="Kind of agency", choices=[("", "Choose the kind of agency")] + list(AgencyKind.choices),
                             error_messages={"required": "Choose the kind of agency"})
    require_second_factor = forms.BooleanField(
        label="Require authenticator codes", required=False,
        help_text="Everyone in this agency must use an authenticator app to sign in",
    )

    FIELDS = ["code", "name", "kind", "require_second_factor"]


class TeamForm(DataForm):
    agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.all(), empty_label="Choose the agency",
                                    error_messages={"required": "Choose the agency", "invalid_choice": "Choose the agency"})
    area = forms.ModelChoiceField(label="MAPPA area", queryset=Area.objects.all(), empty_label="Choose the MAPPA area",
                                  error_messages={"required": "Choose the MAPPA area", "invalid_choice": "Choose the MAPPA area"})
    name = _text("Name", "Enter the name", 160, help_text="For example: Bradwell probation office, or North division public protection unit")

    FIELDS = ["agency", "area", "name"]


class AreaForm(DataForm):
    code = _text("Code", "Enter the code", 40, help_text="A short identifier: letters, numbers and hyphens, like northshire",
                 widget=forms.TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-20"}))
    name = _text("Name", "Enter the name", 120)


class AuditFilterForm(forms.Form):
    q = forms.CharField(label="Username or name", required=False, max_length=150)


USER_FIELDS = ["first_name", "last_name", "email", "job_title", "role", "team", "victim_liaison"]
