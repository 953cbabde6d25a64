from django import forms

from mappa.accounts.models import ApiToken


class SignInForm(forms.Form):
    username = forms.CharField(label="Username", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}))
    password = forms.CharField(label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code shown in the app",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the 6-digit code", "min_length": "The code must be 6 digits"},
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError("The code must be 6 digits")
        return code


class TokenForm(forms.Form):
    name = forms.CharField(label="What the token is for", max_length=100, help_text="For example: case import script",
                           error_messages={"required": "Enter what the token is for"})
    days = forms.IntegerField(label="Days until it expires", min_value=1, max_value=365, initial=90,
                              widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
                              error_messages={"required": "Enter how many days the token should last",
                                              "min_value": "A token must last at least 1 day",
                                              "max_value": "A token can last at most 365 days"})


__all__ = ["SignInForm", "CodeForm", "TokenForm", "ApiToken"]
