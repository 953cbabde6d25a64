from django.urls import reverse
from rest_framework import serializers

from mappa.access import policy
from mappa.nominals.items import NOMINAL_FIELDS, ItemKind
from mappa.nominals.models import Address, Nominal

LINKS = ("other_nominal", "linked_nominal")


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


class NominalSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(required=False, help_text="Required when changing: the version you last read.")
    manager = serializers.SerializerMethodField()
    team = serializers.StringRelatedField()
    managing_agency = serializers.CharField(source="team.agency.name", read_only=True)
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Nominal
        fields = ("id", "version", "full_name", *NOMINAL_FIELDS, "team", "managing_agency", "manager", "marking",
                  "created_at", "updated_at")
        read_only_fields = ("id", "marking", "created_at", "updated_at")

    def get_fields(self):
        return plain_messages(super().get_fields())

    def get_manager(self, obj) -> str | None:
        return obj.manager.display_name if obj.manager_id else None


def item_serializer(kind: ItemKind):
    """A serializer for one kind of item, whose links only accept records the caller can see."""

    class Meta:
        model = kind.model
        fields = ("id", "version", *kind.fields, "marking", "created_at", "updated_at")
        read_only_fields = ("id", "created_at", "updated_at")

    def get_fields(self):
        fields = serializers.ModelSerializer.get_fields(self)
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
        data = serializers.ModelSerializer.to_representation(self, instance)
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
    return type(f"{kind.model.__name__}Serializer", (serializers.ModelSerializer,), attrs)


def _download_url(request, document) -> str:
    path = reverse("api-document-download", args=[document.nominal_id, document.pk])
    return request.build_absolute_uri(path) if request else path
