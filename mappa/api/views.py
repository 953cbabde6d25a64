"""What every part's API views share: reading the version sent, flags, ids and dates from a request, and the
error answers each kind of operation documents. (Each part's endpoints are in its own api.py.)"""
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from mappa.core.converters import whole_number


def _version(request) -> int:
    """The version the caller last read, sent with a change (the parser has made sure the body is an object)."""
    version = whole_number(request.data.get("version"))
    if version is None:
        raise ValidationError({"version": "Send the version you last read, a whole number such as 3, so a newer "
                                          "change is not overwritten"})
    return version


def _flag(params, name: str) -> bool | None:
    value = params.get(name, "").strip().lower()
    if not value:
        return None
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    raise ValidationError({name: f"{name} must be true or false"})


def query_id(params, name: str, what: str) -> int | None:
    """The id in query parameter `name` (None when it is not given), or a plain 400 naming it."""
    value = params.get(name, "").strip()
    if not value:
        return None
    number = whole_number(value)
    if number is None:
        raise ValidationError({name: [f"{name} must be {what}: a whole number, such as 12"]})
    return number


def _date(value: str, name: str):
    try:
        return serializers.DateField(input_formats=["iso-8601"]).to_internal_value(value)
    except serializers.ValidationError:
        raise ValidationError({name: f"{name} must be a real date written YYYY-MM-DD, such as 1980-02-29"}) from None


def _problem(text: str) -> OpenApiResponse:
    """An error answer's meaning; its body, the problem-details shape, is added by mappa.api.schema."""
    return OpenApiResponse(description=text)


# What a change can answer besides success, for the schema.
CHANGE_RESPONSES = {
    400: _problem("What is wrong with the input, field by field; nothing was changed"),
    403: _problem("You can see this record but not change it"),
    404: _problem("No such record, or not one you may see"),
    409: _problem("Someone else changed it since the version you sent: fetch it again, review, and resend"),
}
READ_RESPONSES = {404: _problem("No such record, or not one you may see")}


def changing(serializer, summary=None):
    return extend_schema(responses={200: serializer, **CHANGE_RESPONSES}, summary=summary)


def creating(serializer, summary=None):
    return extend_schema(responses={201: serializer, **{k: v for k, v in CHANGE_RESPONSES.items() if k != 409}},
                         summary=summary)
