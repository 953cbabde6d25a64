import datetime

from django.db import models
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from mappa.access import policy
from mappa.nominals.items import NOMINAL_FIELDS, ItemKind
from mappa.nominals.models import Address, Nominal

LINKS = ("other_nominal", "linked_nominal")


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A choice that may be left unset (a blank CharField whose choices do not name ""): null in the API, both ways,
    as the schema says, and the empty string where it is stored. "" is not one of the choices, so it is refused."""

    def __init__(self, **kwargs):
        kwargs.pop("allow_blank", None)
        kwargs["allow_null"] = True
        super().__init__(**kwargs)

    def validate_empty_values(self, data):
        empty, value = super().validate_empty_values(data)
        return (True, "") if empty and value is None else (empty, value)

    def to_representation(self, value):
        return None if value in ("", None) else super().to_representation(value)


class RFC3339DateTimeField(serializers.DateTimeField):
    """Date and time with the offset in force then, in whole minutes as RFC 3339 writes it. Before standard time
    (1847 in Britain) local mean time's offset has seconds (-00:01:15): such a time is given in UTC."""

    def to_representation(self, value):
        if not isinstance(value, datetime.datetime) or not timezone.is_aware(value):
            return super().to_representation(value)
        try:
            local = timezone.localtime(value)
        except OverflowError:  # the first or last day a datetime can hold
            local = value
        if local.utcoffset().total_seconds() % 60:
            local = value.astimezone(datetime.UTC)
        text = local.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text


class ModelSerializer(serializers.ModelSerializer):
    """The API's model serializers: blank choices are null (BlankAsNullChoiceField), date-times are RFC 3339."""

    serializer_field_mapping = {**serializers.ModelSerializer.serializer_field_mapping,
                                models.DateTimeField: RFC3339DateTimeField}

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if ("choices" in kwargs and isinstance(model_field, models.CharField) and model_field.blank and not model_field.null
                and "" not in {value for value, _ in model_field.flatchoices}):  # "" as a named choice stays one
            field_class = BlankAsNullChoiceField
            kwargs.pop("allow_blank", None)
            kwargs["allow_null"] = True
        return field_class, kwargs


def plain_messages(fields: dict) -> dict:
    """Say what is wrong, and how to put it right, in words a caller can act on."""
    for field in fields.values():
        if isinstance(field, serializers.DateTimeField):
            field.error_messages["invalid"] = "Enter a real date and time, written like 2026-03-27T14:30:00Z"
        elif isinstance(field, serializers.DateField):
            field.error_messages["invalid"] = "Enter a real date, written YYYY-MM-DD, like 1985-03-27"
        elif isinstance(field, serializers.PrimaryKeyRelatedField):
            field.error_messages["does_not_exist"] = "No record you can see has the id {pk_value}"
            field.error_messages["incorrect_type"] = "Give the record's id, a whole number"
    return fields


class NominalSerializer(ModelSerializer):
    version = serializers.IntegerField(required=False, help_text="Required when changing: the version you last read.")
    manager = serializers.SerializerMethodField()
    team = serializers.StringRelatedField()
    managing_agency = serializers.CharField(source="team.agency.name", read_only=True)
    full_name = serializers.CharField(read_only=True)
    confirmed_new_person = serializers.BooleanField(
        required=False, write_only=True,
        help_text="When adding: true to add the person although possible duplicates were found (answered 409 without it).")
    reason = serializers.CharField(required=False, write_only=True, allow_blank=True,
                                   help_text="When adding with confirmed_new_person: how you know this is a different person.")

    class Meta:
        model = Nominal
        fields = ("id", "version", "full_name", *NOMINAL_FIELDS, "team", "managing_agency", "manager", "marking",
                  "created_at", "updated_at", "confirmed_new_person", "reason")
        read_only_fields = ("id", "marking", "created_at", "updated_at")

    def get_fields(self):
        return plain_messages(super().get_fields())

    def get_manager(self, obj) -> str | None:
        return obj.manager.display_name if obj.manager_id else None


def item_serializer(kind: ItemKind):
    """A serializer for one kind of item, whose links only accept records the caller can see."""

    # An address where the person will live may need the victim liaison officer's input first, or a reason it is urgent.
    extra = ("urgent_reason",) if kind.model is Address else ()

    class Meta:
        model = kind.model
        fields = ("id", "version", *kind.fields, "marking", "created_at", "updated_at", *extra)
        read_only_fields = ("id", "created_at", "updated_at")

    def get_fields(self):
        fields = ModelSerializer.get_fields(self)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for name in LINKS:
            if name in fields:
                fields[name].queryset = policy.nominals_for(user)
        if "address" in fields:
            nominal = self.context.get("nominal")
            fields["address"].queryset = policy.items_for(user, Address, nominal=nominal) if nominal else Address.objects.none()
        return plain_messages(fields)

    def to_representation(self, instance):
        data = ModelSerializer.to_representation(self, instance)
        if "file" in data:  # where the caller can fetch it, through the access policy, not the storage path
            data["file"] = _download_url(self.context.get("request"), instance) if instance.file else None
        return data

    attrs = {
        "Meta": Meta,
        "get_fields": get_fields,
        "to_representation": to_representation,
        "version": serializers.IntegerField(required=False, help_text="Required when changing: the version you last read."),
        "marking": serializers.CharField(read_only=True),
        "__module__": __name__,
    }
    if extra:
        from mappa.victims.api import urgent_reason_field

        attrs["urgent_reason"] = urgent_reason_field()
    return type(f"{kind.model.__name__}Serializer", (ModelSerializer,), attrs)


def _download_url(request, document) -> str:
    path = reverse("api-document-download", args=[document.nominal_id, document.pk])
    return request.build_absolute_uri(path) if request else path


class PossibleDuplicateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="nominal_id")
    full_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    managing_agency = serializers.CharField(source="agency")
    town = serializers.CharField()
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())


class MergeProposalSerializer(serializers.Serializer):
    survivor = serializers.IntegerField(source="survivor.pk")
    merged = serializers.IntegerField(source="merged.pk")
    survivor_version = serializers.IntegerField(source="survivor.version")
    merged_version = serializers.IntegerField(source="merged.version")
    counts = serializers.SerializerMethodField(help_text="What moves, by kind: only what you may see is counted.")
    conflicts = serializers.ListField(child=serializers.CharField(), help_text="What to check before merging")
    blockers = serializers.ListField(child=serializers.CharField(), help_text="What must be put right before merging")

    def get_counts(self, obj) -> dict[str, int]:
        return dict(obj.counts)


class MergeSerializer(serializers.Serializer):
    merged = serializers.IntegerField(help_text="The record to merge into this one")
    survivor_version = serializers.IntegerField(help_text="This record's version, as the proposal gave it")
    merged_version = serializers.IntegerField(help_text="The other record's version, as the proposal gave it")
    reason = serializers.CharField(help_text="Why these records are one person")
