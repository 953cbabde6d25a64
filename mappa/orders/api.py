"""API endpoints of this part: the same policy, services and audit as the pages."""
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from mappa.access import policy
from mappa.api.serializers import ModelSerializer
from mappa.nominals.api import item_viewset
from mappa.nominals.items import ItemKind
from mappa.orders import queries, services
from mappa.orders.kinds import LINKS


def record_serializer(kind: ItemKind):
    """A serializer for one kind of record, whose links only accept this person's records the caller can see."""
    derived = [f.name for f in kind.model._meta.concrete_fields if not f.editable and f.name not in ("id", "nominal")]

    class Meta:
        model = kind.model
        fields = ("id", "version", *kind.fields, *derived, "marking", "created_at", "updated_at")
        read_only_fields = ("id", "created_at", "updated_at", *derived)

    def get_fields(self):
        fields = ModelSerializer.get_fields(self)
        request = self.context.get("request")
        nominal = self.context.get("nominal")
        for name, model in LINKS.items():
            if name in fields:
                fields[name].queryset = (policy.items_for(getattr(request, "user", None), model, nominal=nominal)
                                         if nominal is not None else model.objects.none())
        return fields

    attrs = {
        "Meta": Meta, "get_fields": get_fields, "__module__": __name__,
        "version": serializers.IntegerField(required=False, help_text="Required when changing: the version you last read."),
        "marking": serializers.CharField(read_only=True),
    }
    return type(f"{kind.model.__name__}Serializer", (ModelSerializer,), attrs)


def record_viewset(kind: ItemKind):
    return item_viewset(kind, serializer_class=record_serializer(kind), create=services.create_record,
                        update=services.update_record)


@extend_schema(responses=inline_serializer("LegalStatus", {
    "lines": serializers.ListField(child=serializers.CharField()), "in_custody": serializers.BooleanField(),
    "on_licence": serializers.BooleanField(), "release_date": serializers.DateField(allow_null=True),
    "licence_end": serializers.DateField(allow_null=True), "subject_to_notification": serializers.BooleanField(),
    "notification_indefinite": serializers.BooleanField(), "notification_until": serializers.DateField(allow_null=True),
}))
@api_view(["GET"])
def legal_status(request, nominal_pk):
    """A person's legal status today, derived from sentences, custody, notification and civil orders."""
    nominal = policy.get_nominal(request.user, nominal_pk)
    status_ = queries.legal_status(nominal, request.user)
    services.record_view(request.user, nominal, what="legal status")
    return Response({
        "lines": list(status_.lines), "in_custody": status_.in_custody, "on_licence": status_.on_licence,
        "release_date": status_.release_date, "licence_end": status_.licence_end,
        "subject_to_notification": status_.subject_to_notification,
        "notification_indefinite": status_.notification_indefinite, "notification_until": status_.notification_until,
    })
