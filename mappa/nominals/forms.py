"""Forms for the register. They turn what people type into the data the services take."""

from django import forms
from django.urls import reverse
from django.utils import timezone

from mappa.access import policy
from mappa.access.services import MIN_REASON_LENGTH
from mappa.accounts.models import User
from mappa.core import dates
from mappa.core.forms import GovukDateField
from mappa.nominals import clues, pick, rules
from mappa.nominals.items import NOMINAL_FIELDS, ItemKind
from mappa.nominals.models import Activity, Address, Gender, Nominal

PAST_DATES = {"date_of_birth", "used_from", "moved_in", "started", "moved_out", "used_to", "ended"}
LINK_FIELDS = {"other_nominal": "Their record on this register", "linked_nominal": "Their record on this register"}
LINK_HELP = ("Optional. If they are on the register, type their name (or record number) and choose them from the "
             "people you may see")


class PersonPickInput(forms.Widget):
    """A name box that offers the people it may mean as radios named <name>_choice (live with htmx, or after a
    submit without JavaScript), with the person chosen before kept as the first choice."""

    template_name = "nominals/widgets/person_pick.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.hits, self.count = None, 0

    def value_from_datadict(self, data, files, name):
        return {"text": (data.get(name) or "").strip(), "chosen": (data.get(f"{name}_choice") or "").strip()}

    def format_value(self, value):
        return value  # the field's prepare_value gives {"text", "chosen"}; the template reads both

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_choice" not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(hits=self.hits, count=self.count, search_url=reverse("nominals:person_pick"))
        return context


class PersonPickField(forms.Field):
    """A person on the register, found by name among those the user may see; None when left empty."""

    widget = PersonPickInput

    def __init__(self, *, user, purpose: str, **kwargs):
        super().__init__(**kwargs)
        self.user, self.purpose = user, purpose

    def _visible(self, pk) -> Nominal | None:
        if not str(pk).isdigit() or len(str(pk)) > 18:
            return None
        return policy.nominals_for(self.user).filter(pk=int(pk)).first()

    def prepare_value(self, value):
        if isinstance(value, dict):
            chosen = self._visible(value["chosen"]) if value["chosen"] else None
            return {"text": value["text"], "chosen": chosen}
        return {"text": "", "chosen": self._visible(value) if value else None}

    def clean(self, value):
        value = value if isinstance(value, dict) else {"text": "", "chosen": str(value or "")}
        if value["chosen"] == "none":
            return None  # "none of these": not linked, whatever the box still says
        if value["chosen"]:
            person = self._visible(value["chosen"])
            if person is None:
                raise forms.ValidationError("Choose a person from the list")
            return person
        text = value["text"]
        if not text:
            return None
        if text.isdigit():
            person = self._visible(text)
            if person is None:
                raise forms.ValidationError("No record you can see has that number")
            return person
        self.widget.hits, self.widget.count = pick.people_matching(self.user, text, self.purpose)
        if not self.widget.hits:
            raise forms.ValidationError(f"No one you can see on the register matches “{text}”. Check the spelling, "
                                        "or leave this empty if they are not on the register")
        raise forms.ValidationError("Choose who you mean from the people listed, or empty the box if none of them")


def _date_field(db_field, **kwargs):
    if db_field.get_internal_type() == "DateField":
        return GovukDateField(
            label=kwargs.get("label", db_field.verbose_name.capitalize()),
            required=not db_field.blank,
            not_in_future=db_field.name in PAST_DATES,
            help_text=db_field.help_text,
        )
    return db_field.formfield(**kwargs)


class _Stored:
    """A stored file as the form shows it: its name, and the page that gives it out."""

    def __init__(self, name: str, url: str):
        self.name, self.url = name, url

    def __str__(self):
        return self.name.rsplit("/", 1)[-1]


class StoredFileInput(forms.ClearableFileInput):
    """A file field whose current file is linked only through `link`, the page that checks who may read it and
    records the download: never the file's own address, which no such check guards."""

    def __init__(self, attrs=None, link: str = ""):
        super().__init__(attrs)
        self.link = link

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = _Stored(value.name, self.link)
        return context


def link_stored_file(form, field: str, link: str) -> None:
    if field in form.fields:
        form.fields[field].widget = StoredFileInput(link=link)


class VersionedForm(forms.ModelForm):
    """Carries the version the user started from, so a stale save can be refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def to_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}

    def _post_clean(self):
        # Model validation runs in the service, with the acting user; here only the fields are checked.
        pass


class NominalForm(VersionedForm):
    class Meta:
        model = Nominal
        fields = (*NOMINAL_FIELDS, "photo")
        formfield_callback = _date_field
        labels = {"gender_description": "Gender, if described another way", "interpreter_needed": "Needs an interpreter"}
        widgets = {"diversity_needs": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].error_messages["required"] = "Enter the first name"
        self.fields["last_name"].error_messages["required"] = "Enter the last name"
        self.fields["date_of_birth"].label = "Date of birth"
        self.fields["date_of_birth"].help_text = "For example, 27 3 1985"
        self.fields["photo"].help_text = "Optional. A JPG or PNG, smaller than 5MB"
        for name in ("first_name", "last_name", "middle_names"):
            self.fields[name].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        if self.instance.pk:
            link_stored_file(self, "photo", reverse("nominals:photo", args=[self.instance.pk]))


def item_form_class(kind: ItemKind):
    base = ActivityForm if kind.model is Activity else AddressForm if kind.model is Address else ItemForm
    return forms.modelform_factory(
        kind.model, form=base,
        fields=[f for f in kind.fields if not (kind.model is Activity and f in ("occurred_at", "time_known"))],
        formfield_callback=_date_field,
        widgets={"notes": forms.Textarea(attrs={"rows": 3}), "details": forms.Textarea(attrs={"rows": 5})},
    )


class ItemForm(VersionedForm):
    def __init__(self, *args, user=None, nominal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.nominal = user, nominal
        if self.instance.pk and "file" in self.fields:
            link_stored_file(self, "file", reverse("nominals:document_download",
                                                    args=[self.instance.nominal_id, self.instance.pk]))
        if "handling" in self.fields:
            self.fields["handling"].label = "Restrict who can see this"
            self.fields["handling"].help_text = (
                "Victim details: police, probation and victim services only. Intelligence: police only. "
                "Health information: health agencies only. Your own agency can always see what it records."
            )
        for name, label in LINK_FIELDS.items():
            if name in self.fields:
                self.fields[name] = PersonPickField(user=user, purpose="link a person to a record",
                                                    required=False, label=label, help_text=LINK_HELP)
                if self.instance.pk and getattr(self.instance, f"{name}_id"):
                    self.initial[name] = getattr(self.instance, f"{name}_id")
        if "address" in self.fields:
            self.fields["address"].queryset = policy.items_for(user, Address, nominal=nominal)
            self.fields["address"].error_messages["required"] = "Choose the address"
        if "postcode" in self.fields:  # a postcode too long is still just not a real postcode
            field = self.fields["postcode"]
            field.max_length, field.validators = None, []
            field.widget.attrs.pop("maxlength", None)
        for name, field in self.fields.items():
            if field.required and "required" in field.error_messages and not str(field.error_messages["required"]).startswith("Enter"):
                if name not in ("address",):
                    field.error_messages["required"] = f"Enter the {str(field.label).lower()}"


    def clean_postcode(self):
        postcode, errors = rules.clean_postcode(self.cleaned_data.get("postcode", ""))
        if errors:
            raise forms.ValidationError(errors["postcode"])
        return postcode


class ActivityForm(ItemForm):
    occurred_on = GovukDateField(label="Date it happened", not_in_future=True)
    occurred_time = forms.TimeField(
        label="Time it happened", required=False,
        help_text="Optional. Use the 24-hour clock, like 14:30. Left blank: now, for today; no time, for an earlier day",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"invalid": "Enter a real time, like 09:30 or 14:30"},
    )
    field_order = ["kind", "occurred_on", "occurred_time", "summary", "details", "handling"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:  # record changes are written by the system, not chosen
            self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0] != Activity.Kind.CHANGE]
        if self.instance.pk:
            local = timezone.localtime(self.instance.occurred_at)
            self.initial.setdefault("occurred_on", local.date())
            if self.instance.time_known:
                self.initial.setdefault("occurred_time", local.time().replace(second=0, microsecond=0))
        else:
            self.initial.setdefault("occurred_on", timezone.localdate())

    def to_data(self) -> dict:
        data = super().to_data()
        data["occurred_at"], data["time_known"] = dates.when_entered(
            self.cleaned_data["occurred_on"], self.cleaned_data.get("occurred_time"))
        return data


class AddressForm(ItemForm):
    """An address where the person lives or will live may need the victim liaison officer's input first (the
    service says when): the form carries the reason it is urgent, for when it cannot wait."""

    def __init__(self, *args, **kwargs):
        from mappa.victims.forms import urgent_reason_field
        from mappa.victims.rules import URGENT_REASON

        super().__init__(*args, **kwargs)
        self.fields[URGENT_REASON] = urgent_reason_field()

    def to_data(self) -> dict:
        from mappa.victims.rules import URGENT_REASON

        return {**super().to_data(), URGENT_REASON: self.cleaned_data.get(URGENT_REASON, "")}


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Name or identifier", required=False, max_length=100,
        help_text="A name or alias (spelling need not be exact), or a PNC number, probation case reference, prison number or "
                  "national register id. A date of birth, a year (born 1985) or an age (about 40) after the name is used too",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off", "type": "search"}),
    )
    dob = GovukDateField(label="Date of birth", required=False,
                         help_text="Optional. For example, 27 3 1985. Near dates are found too, below exact ones")
    gender = forms.ChoiceField(label="Gender", required=False, choices=[("", "Any")] + [
        (value, label) for value, label in Gender.choices if value != Gender.UNKNOWN])
    town = forms.CharField(label="Town", required=False, max_length=100,
                           help_text="Of the current address", widget=forms.TextInput(attrs={"autocomplete": "off"}))
    postcode = forms.CharField(label="Postcode or postcode district", required=False, max_length=10,
                               help_text="For example, CM1 2AB or CM1. Of any address you may see: it ranks people found by name first",
                               widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "govuk-input--width-10"}))
    pnc = forms.CharField(label="PNC number, or part of one", required=False, max_length=20,
                          help_text="The year and serial number (2009/0012345) or the serial number and check letter (0012345A) will do",
                          widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "govuk-input--width-10"}))
    registration = forms.CharField(label="Vehicle registration", required=False, max_length=12,
                                   help_text="For example, AB12 CDE. Spaces do not matter, and 0 and O, 1 and I, 5 and S, 8 and B read for each other are found too",
                                   widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "govuk-input--width-10"}))
    phone = forms.CharField(label="Phone number", required=False, max_length=25,
                            help_text="Spaces, brackets and +44 for the leading 0 do not matter",
                            widget=forms.TextInput(attrs={"autocomplete": "off", "type": "tel", "class": "govuk-input--width-20"}))

    # Each fact's field: how it is read, and what to say when it cannot be.
    FACTS = {"postcode": (clues.read_postcode, clues.POSTCODE_FORMAT), "pnc": (clues.read_pnc, clues.PNC_PART_FORMAT),
             "registration": (clues.read_registration, clues.REGISTRATION_FORMAT), "phone": (clues.read_phone, clues.PHONE_FORMAT)}

    def _fact(self, name: str):
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        reader, form = self.FACTS[name]
        value = reader(text)
        if not value:
            raise forms.ValidationError(f"Enter {form}")
        return value

    def clean_postcode(self):
        return self._fact("postcode")

    def clean_pnc(self):
        return self._fact("pnc")

    def clean_registration(self):
        return self._fact("registration") or ""

    def clean_phone(self):
        return self._fact("phone") or ""

    @property
    def has_facts(self) -> bool:
        return any(self[name].value() for name in self.FACTS)

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("q") or "").strip() and not data.get("dob") and not (
                data.get("pnc") or data.get("registration") or data.get("phone")):
            what = "a name, an identifier or a date of birth"
            if data.get("postcode"):
                raise forms.ValidationError(f"Enter {what} as well as the postcode: a postcode on its own matches too many people")
            raise forms.ValidationError(f"Enter {what}, or a vehicle registration, phone number or part of a PNC number")
        return data


class SkillsReason(forms.Form):
    """The reason to go ahead with a manager who lacks training the case needs (services.skills_check): the page
    shows it only once the warning has been given."""

    skills_reason = forms.CharField(
        label="Why give the case to them all the same", max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the training is booked and a trained colleague co-works the case meanwhile. "
                  "Your reason is recorded")


class AllocateForm(SkillsReason):
    manager = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Manager",
        help_text="Leave empty to hold the record with the team as unallocated",
        empty_label="Unallocated (held by the team)",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = User.objects.filter(team=team, is_active=True, role__in=["practitioner", "supervisor"])


class PartnerForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=User.objects.none(), label="Practitioner",
        help_text="Someone in this area who will help manage this person, often from another agency",
        error_messages={"required": "Choose the practitioner to add"},
    )
    reason = forms.CharField(label="Why they are a partner", max_length=200, required=False)

    def __init__(self, *args, nominal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, team__area_id=nominal.team.area_id,
                                role__in=["practitioner", "supervisor", "coordinator", "partner_readonly"])
            .exclude(pk=nominal.manager_id).select_related("agency").order_by("agency__name", "last_name")
        )
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name} ({u.agency}, {u.get_role_display()})"


class ActivityFilterForm(forms.Form):
    text = forms.CharField(label="Search the log", required=False, max_length=100)
    kind = forms.ChoiceField(label="Type", required=False, choices=[("", "All types")] + list(Activity.Kind.choices))


class EmergencyAccessForm(forms.Form):
    identifier = forms.CharField(
        label="Identifier", max_length=40, help_text="The person's PNC number, probation case reference, prison number or national register id",
        error_messages={"required": "Enter the person's identifier"},
    )
    reason = forms.CharField(
        label="Why you need access now", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
        help_text=(f"In words, at least {MIN_REASON_LENGTH} characters, such as ‘Called to a disturbance at the "
                   "address tonight’. This is recorded and sent to the person's manager and supervisors"),
        error_messages={"required": "Give the reason you need access"},
    )


class MergeForm(forms.Form):
    """Merging another record, found to be the same person, into this one: first which record, then why."""

    other = forms.IntegerField(label="Record number of the duplicate", min_value=1,
                               help_text="The record number shown at the top of the other record's page. Everything "
                                         "on it moves to this record.",
                               error_messages={"required": "Enter the record number of the duplicate",
                                               "invalid": "Enter a record number, a whole number such as 1234"})
    survivor_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    merged_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label="Why these records are one person", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="For example: the same PNC number, and the date of birth on this record was mistyped.")


class TransferForm(forms.Form):
    """Ask another team to take a case: where to, why, and the checklist confirmed (inspection 2010 ¶7.21)."""

    to_team = forms.ModelChoiceField(queryset=None, label="Team to take the case",
                                     error_messages={"required": "Choose the team the case is to move to"})
    reason = forms.CharField(label="Why the case is moving", max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Enter why the case is moving"})
    confirmed = forms.MultipleChoiceField(
        label="Before you send it, confirm", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Every item must be done: the receiving team relies on the record as it stands")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, teams=None, checklist=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_team"].queryset = teams
        self.fields["to_team"].label_from_instance = lambda t: f"{t.name}, {t.agency.name} ({t.area})"
        self.fields["confirmed"].choices = [(i["code"], i["text"]) for i in checklist]


class AcceptTransferForm(SkillsReason):
    new_manager = forms.ModelChoiceField(queryset=User.objects.none(), label="Who will manage the case",
                                         error_messages={"required": "Choose who will manage the case"})
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_manager"].queryset = User.objects.filter(team=team, is_active=True,
                                                                  role__in=["practitioner", "supervisor"])


class DeclineTransferForm(forms.Form):
    decline_reason = forms.CharField(label="Why your team cannot take the case", max_length=500,
                                     widget=forms.Textarea(attrs={"rows": 3}),
                                     error_messages={"required": "Enter why your team cannot take the case"})
    version = forms.IntegerField(widget=forms.HiddenInput)


class CoverForm(SkillsReason):
    """An absence and the colleague who covers it."""

    absent = forms.ModelChoiceField(queryset=User.objects.none(), label="Who is away",
                                    error_messages={"required": "Choose who is away"})
    covering = forms.ModelChoiceField(queryset=User.objects.none(), label="Colleague who will cover",
                                      help_text="They will see the cases on their work list and act as the manager "
                                                "until the last day",
                                      error_messages={"required": "Choose the colleague who will cover"})
    starts_on = GovukDateField(label="First day away", help_text="For example, 27 3 2026")
    ends_on = GovukDateField(label="Last day away", help_text="Cover ends at the end of this day")
    reason = forms.CharField(label="Reason (optional)", max_length=200, required=False,
                             help_text="For example, annual leave or training")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        team = User.objects.filter(pk=user.pk)
        if user.role == "supervisor" and user.team_id:
            team = User.objects.filter(team_id=user.team_id, is_active=True, role__in=["practitioner", "supervisor"])
        self.fields["absent"].queryset = team
        self.fields["absent"].initial = user.pk
        self.fields["covering"].queryset = (User.objects.filter(agency_id=user.agency_id, is_active=True,
                                                                role__in=["practitioner", "supervisor"])
                                            .select_related("team").order_by("last_name", "first_name"))
        self.fields["covering"].label_from_instance = lambda u: f"{u.display_name}, {u.team.name if u.team else ''}"
