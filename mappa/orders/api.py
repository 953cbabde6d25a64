"""API endpoints of this part: the same policy, services and audit as the pages."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from mappa.access import policy
from mappa.api.views import _version
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
        fields = serializers.ModelSerializer.get_fields(self)
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
    return type(f"{kind.model.__name__}Serializer", (serializers.ModelSerializer,), attrs)


def record_viewset(kind: ItemKind):
    class RecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        mixins.UpdateModelMixin, viewsets.GenericViewSet):
        http_method_names = ["get", "post", "patch", "head", "options"]
        serializer_class = record_serializer(kind)

        def nominal(self, action=policy.READ):
            return policy.get_nominal(self.request.user, self.kwargs["nominal_pk"], action)

        def get_serializer_context(self):
            context = super().get_serializer_context()
            if "nominal_pk" in self.kwargs and not getattr(self, "swagger_fake_view", False):
                context["nominal"] = self.nominal()
            return context

        def get_queryset(self):
            if getattr(self, "swagger_fake_view", False):
                return kind.model.objects.none()
            return policy.items_for(self.request.user, kind.model, nominal=self.nominal())

        def list(self, request, *args, **kwargs):
            services.record_view(request.user, self.nominal(), what=kind.plural)
            return super().list(request, *args, **kwargs)

        def retrieve(self, request, *args, **kwargs):
            item = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
            services.record_view(request.user, item.nominal, item, what=kind.singular)
            return Response(self.get_serializer(item).data)

        def create(self, request, *args, **kwargs):
            nominal = self.nominal(policy.WRITE)
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
            item = services.create_record(actor=request.user, nominal=nominal, kind=kind, data=data)
            return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)

        def partial_update(self, request, *args, **kwargs):
            self.nominal(policy.WRITE)
            item = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
            serializer = self.get_serializer(item, data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
            item = services.update_record(actor=request.user, item=item, data=data, version=_version(request))
            return Response(self.get_serializer(item).data)

    RecordViewSet.__name__ = f"{kind.model.__name__}ViewSet"
    RecordViewSet.__doc__ = f"{kind.plural} recorded on a person, as far as the caller may see them."
    return RecordViewSet


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
