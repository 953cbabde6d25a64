"""The API's contract with integrators: one problem-details shape (RFC 9457) for every error, documented on every
operation; page sizes, dates and blank choices as the schema says."""
import datetime
import json
import re
import zoneinfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from hypothesis import given
from hypothesis import strategies as st
from inflection import camelize

from mappa.accounts.services import create_token
from mappa.api.serializers import PossibleDuplicateSerializer, RFC3339DateTimeField
from mappa.nominals import rules
from mappa.nominals.models import Activity, Address, Nominal

PROBLEM = "application/problem+json"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    assert body["status"] == status and body["instance"] == response.wsgi_request.path
    assert body["title"] and body["detail"]
    return body


def test_a_field_error_names_the_field_and_changes_nothing(world, client):
    client.force_login(world.om)
    count = Address.objects.count()
    response = client.post(f"/api/v1/nominals/{world.case.pk}/addresses/", {"postcode": "NOT A CODE", "line1": "x"},
                           content_type="application/json")
    body = assert_problem(response, 400)
    assert body["type"] == "/api/problems/invalid-input"
    assert body["errors"]["postcode"] == ["Enter a real postcode, like SW1A 1AA"]
    assert Address.objects.count() == count


def test_an_unreadable_body_is_a_problem_with_errors(world, client):
    client.force_login(world.om)
    response = client.patch(f"/api/v1/nominals/{world.case.pk}/", "[1, 2]", content_type="application/json")
    body = assert_problem(response, 400)
    assert "JSON object" in body["detail"] and body["errors"]["non_field_errors"]


def test_no_credentials_is_a_401_problem_saying_how_to_authenticate(db):
    response = Client().get("/api/v1/nominals/")
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Bearer"
    assert_problem(Client().get("/api/v1/nominals/", HTTP_AUTHORIZATION="Bearer mappa_wrong"), 401)


def test_a_refused_change_is_a_403_problem(world, client):
    entry = Activity.objects.filter(nominal=world.case, kind=Activity.Kind.CHANGE).first()
    client.force_login(world.children)
    response = client.patch(f"/api/v1/nominals/{world.case.pk}/activities/{entry.pk}/",
                            {"summary": "Nothing happened", "version": entry.version}, content_type="application/json")
    assert "written by the system" in assert_problem(response, 403)["detail"]


def test_a_record_you_may_not_see_is_a_404_problem(world):
    token = create_token(actor=world.south, name="contract", days=1)
    response = Client().get(f"/api/v1/nominals/{world.case.pk}/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert_problem(response, 404)
    # An address no route matches, under the API, answers in the same shape.
    assert_problem(Client().get("/api/v1/no-such-thing/", HTTP_AUTHORIZATION=f"Bearer {token}"), 404)


def test_a_stale_edit_is_a_409_problem_with_the_current_version(world, client):
    client.force_login(world.om)
    url = f"/api/v1/nominals/{world.case.pk}/"
    assert client.patch(url, {"language": "Welsh", "version": 1}, content_type="application/json").status_code == 200
    body = assert_problem(client.patch(url, {"language": "Polish", "version": 1}, content_type="application/json"), 409)
    assert body["type"] == "/api/problems/stale-version" and body["current_version"] == 2
    assert Nominal.objects.get(pk=world.case.pk).language == "Welsh"


def test_a_possible_duplicate_is_a_409_problem_with_the_candidates(world, client):
    client.force_login(world.om)
    person = {"first_name": world.case.first_name, "last_name": world.case.last_name,
              "date_of_birth": world.case.date_of_birth.isoformat() if world.case.date_of_birth else "1980-01-01"}
    response = client.post("/api/v1/nominals/", person, content_type="application/json")
    body = assert_problem(response, 409)
    assert body["type"] == "/api/problems/possible-duplicate"
    assert world.case.pk in [candidate["id"] for candidate in body["candidates"]]


@pytest.mark.parametrize("size", ["0", "101", "-3", "ten", "2.5"])
def test_a_page_size_outside_1_to_100_is_refused(world, client, size):
    client.force_login(world.om)
    body = assert_problem(client.get("/api/v1/nominals/", {"page_size": size}), 400)
    assert body["errors"]["page_size"] == ["page_size must be a whole number from 1 to 100, such as 25"]


def test_page_sizes_from_1_to_100_are_used(world, client):
    client.force_login(world.om)
    assert len(client.get("/api/v1/nominals/", {"page_size": "1"}).json()["results"]) == 1
    assert client.get("/api/v1/nominals/", {"page_size": "100"}).json()["count"] >= 2
    assert_problem(client.get("/api/v1/nominals/", {"page": "0"}), 400)


def test_an_activity_dated_1800_is_refused_with_a_clear_message(world, client):
    client.force_login(world.om)
    before = Activity.objects.filter(nominal=world.case).count()
    response = client.post(f"/api/v1/nominals/{world.case.pk}/activities/",
                           {"kind": "note", "summary": "Old", "occurred_at": "1800-01-01T10:00:00Z"},
                           content_type="application/json")
    body = assert_problem(response, 400)
    year = timezone.localdate().year - rules.ENTRY_YEARS_BACK
    assert body["errors"]["occurred_at"] == [f"When it happened must be within the last 120 years, in {year} or later"]
    assert Activity.objects.filter(nominal=world.case).count() == before


def test_activity_times_are_rfc_3339_with_their_offset(world, client):
    client.force_login(world.om)
    response = client.post(f"/api/v1/nominals/{world.case.pk}/activities/",
                           {"kind": "note", "summary": "Summer call", "occurred_at": "2024-07-01T09:30:00Z"},
                           content_type="application/json")
    assert response.status_code == 201
    assert response.json()["occurred_at"] == "2024-07-01T10:30:00+01:00"  # British Summer Time
    for row in client.get(f"/api/v1/nominals/{world.case.pk}/activities/").json()["results"]:
        assert RFC3339.match(row["occurred_at"]) and RFC3339.match(row["created_at"])


def test_a_time_from_before_standard_time_is_given_in_utc():
    """Local mean time's offset had seconds (-00:01:15), which RFC 3339 cannot write."""
    field = RFC3339DateTimeField()
    old = datetime.datetime(1800, 1, 1, 12, 0, tzinfo=datetime.UTC)
    assert field.to_representation(old) == "1800-01-01T12:00:00Z"
    recent = datetime.datetime(2026, 1, 15, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    assert field.to_representation(recent) == "2026-01-15T12:00:00Z"


def test_a_blank_choice_is_null_not_an_empty_string(world, client):
    from mappa.arrangements import services

    services.identify(actor=world.om, nominal=world.case, category=1,
                      identified_on=timezone.localdate() - datetime.timedelta(days=30), basis="Registered sexual offender")
    client.force_login(world.om)
    [row] = client.get(f"/api/v1/mappa/people/{world.case.pk}/eligibility/").json()
    assert row["end_reason"] is None and row["ended_on"] is None
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    properties = schema["components"]["schemas"]["Eligibility"]["properties"]
    assert properties["end_reason"]["nullable"] is True


# ---- the rule: when an activity entry may be dated

NOW = datetime.datetime(2026, 3, 27, 14, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize(("when", "error"), [
    (datetime.datetime(1800, 1, 1, tzinfo=datetime.UTC), "When it happened must be within the last 120 years, in 1906 or later"),
    (datetime.datetime(1905, 12, 31, tzinfo=datetime.UTC), "When it happened must be within the last 120 years, in 1906 or later"),
    (datetime.datetime(1906, 1, 1, tzinfo=datetime.UTC), None),
    (NOW + datetime.timedelta(minutes=4), None),
    (NOW + datetime.timedelta(hours=1), "When it happened must be now or in the past"),
])
def test_entry_time_rule(when, error):
    assert rules.entry_time_errors(when, NOW).get("occurred_at") == error


@given(st.datetimes(min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 1, 1)))
def test_an_entry_is_refused_exactly_when_too_old_or_in_the_future(naive):
    when = naive.replace(tzinfo=datetime.UTC)
    refused = bool(rules.entry_time_errors(when, NOW))
    assert refused == (when.year < NOW.year - rules.ENTRY_YEARS_BACK or when > NOW + rules.FUTURE_LEEWAY)


# ---- the schema documents all of it

def test_the_schema_documents_every_error_on_every_operation(world, client):
    client.force_login(world.om)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    problem = schema["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "instance", "errors", "current_version", "candidates"} <= set(problem["properties"])
    operations = [(path, method, operation) for path, methods in schema["paths"].items()
                  for method, operation in methods.items() if method in ("get", "post", "patch", "put", "delete")]
    assert len(operations) > 100
    missing = []
    for path, method, operation in operations:
        responses = operation["responses"]
        expected = {"400", "401", "403"} | ({"404"} if "{" in path else set())
        if method == "patch":
            expected.add("409")
            body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
            if "version" not in schema["components"]["schemas"][body].get("required", []):
                missing.append(f"{method} {path}: version not required")
        for code in expected:
            content = responses.get(code, {}).get("content", {})
            if content.get(PROBLEM, {}).get("schema") != {"$ref": "#/components/schemas/Problem"}:
                missing.append(f"{method} {path}: {code}")
        if not operation.get("summary") or not operation.get("tags") or operation["tags"] == ["api"]:
            missing.append(f"{method} {path}: summary or tag")
        if not any("example" in body for response in responses.values() for body in response.get("content", {}).values()):
            missing.append(f"{method} {path}: no example")
    assert not missing, "\n".join(missing)
    assert {tag["name"] for tag in schema["tags"]} >= {"nominals", "arrangements", "licences", "risk", "orders"}


def test_the_schema_types_what_is_returned(world, client):
    client.force_login(world.om)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    meetings = schema["paths"]["/api/v1/mappa/meetings/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert meetings["type"] == "array"
    download = schema["paths"]["/api/v1/nominals/{nominal_pk}/documents/{id}/download/"]["get"]["responses"]["200"]
    assert download["content"] == {"*/*": {"schema": {"type": "string", "format": "binary"}}}
    page_size = next(p for p in schema["paths"]["/api/v1/nominals/"]["get"]["parameters"] if p["name"] == "page_size")
    assert (page_size["schema"]["minimum"], page_size["schema"]["maximum"]) == (1, 100)
    candidate = schema["components"]["schemas"]["PossibleDuplicate"]["properties"]
    assert set(candidate) == set(PossibleDuplicateSerializer().fields)  # the problem's candidates, as sent


def _json_schema(schema: dict, components: dict, seen: tuple = ()) -> dict:
    """An OpenAPI 3.0 schema as JSON Schema, its $refs inlined (none of the API's refers to itself: `seen` makes
    sure) and `nullable` as a null type, so that jsonschema can check an example against it."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        assert name not in seen, f"{name} refers to itself"
        return _json_schema(components[name], components, (*seen, name))
    out = {}
    for key, value in schema.items():
        if key == "properties":
            out[key] = {name: _json_schema(sub, components, seen) for name, sub in value.items()}
        elif key in ("items", "additionalProperties") and isinstance(value, dict):
            out[key] = _json_schema(value, components, seen)
        elif key in ("allOf", "oneOf", "anyOf"):
            out[key] = [_json_schema(sub, components, seen) for sub in value]
        elif key not in ("nullable", "readOnly", "writeOnly", "example", "discriminator", "xml", "externalDocs"):
            out[key] = value
    if schema.get("nullable"):
        out = {"anyOf": [out, {"type": "null"}]}
    return out


def test_every_operation_shows_an_example_of_what_it_takes_and_answers_and_each_fits_its_schema(world, client):
    import jsonschema

    client.force_login(world.om)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    components = schema["components"]["schemas"]
    bodies = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method not in ("get", "post", "patch", "put", "delete"):
                continue
            answers = [(f"{method} {path} {code}", answer.get("content", {}).get("application/json"))
                       for code, answer in operation["responses"].items() if code.startswith("2")]
            request = operation.get("requestBody", {}).get("content", {}).get("application/json")
            bodies += answers + [(f"{method} {path} body", request)]
    checked, wrong = 0, []
    for where, media in bodies:
        if media is None:
            continue
        assert "example" in media, f"{where}: no example"
        errors = list(jsonschema.Draft7Validator(_json_schema(media["schema"], components)).iter_errors(media["example"]))
        wrong += [f"{where}: {error.message}" for error in errors[:2]]
        checked += 1
    assert checked > 150 and not wrong, "\n".join(wrong[:20])
    nominal = schema["paths"]["/api/v1/nominals/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]["example"]
    assert nominal["first_name"] == "Jane" and nominal["date_of_birth"] == "1979-06-14"  # plausible, and no one real


def test_every_part_whose_operations_are_tagged_is_described(world, client):
    client.force_login(world.om)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    used = {tag for methods in schema["paths"].values() for operation in methods.values() if isinstance(operation, dict)
            for tag in operation.get("tags", [])}
    described = {tag["name"]: tag["description"] for tag in schema["tags"]}
    assert used <= set(described), used - set(described)


def _enum_users(schemas: dict) -> dict[str, set[tuple[str, str]]]:
    """Each choice set's component name -> the (component, field) pairs that refer to it."""
    users: dict[str, set[tuple[str, str]]] = {}

    def refs(schema: dict):
        schema = schema.get("items", schema)
        yield from [schema["$ref"]] if "$ref" in schema else []
        for combined in ("oneOf", "allOf", "anyOf"):
            for part in schema.get(combined, []):
                yield from refs(part)

    for component, schema in schemas.items():
        base = re.sub(r"^Patched(.+)", r"\1", re.sub(r"(.+)Request$", r"\1", component))
        for field, property_schema in schema.get("properties", {}).items():
            for ref in refs(property_schema):
                name = ref.rsplit("/", 1)[1]
                if "enum" in schemas.get(name, {}):
                    users.setdefault(name, set()).add((base, field))
    return users


def test_every_choice_set_has_a_plain_name_and_the_schema_generates_without_warnings(db, tmp_path, capsys):
    """A client generator turns each choice set into a type: its name must say what it is (Kind9d2Enum does not),
    and drf-spectacular warns when it has to make one up (settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"])."""
    GENERATOR_STATS.reset()
    call_command("spectacular", "--format", "openapi-json", "--file", str(tmp_path / "schema.json"))
    printed = [line for line in capsys.readouterr().err.splitlines() if "Warning" in line or "Error" in line]
    assert not printed and not GENERATOR_STATS, "\n".join(printed)
    schemas = json.loads((tmp_path / "schema.json").read_text())["components"]["schemas"]
    named = set(settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]) | {"BlankEnum", "NullEnum"}
    unplain = []
    for name, users in _enum_users(schemas).items():
        plain = named | {f"{camelize(field)}Enum" for _, field in users} | {
            f"{camelize(component)}{camelize(field)}Enum" for component, field in users}
        if name not in plain:
            unplain.append(f"{name}: used by {sorted(users)}")
    assert not unplain, "\n".join(unplain)
    assert "LicenceVariationKindEnum" in schemas and "DateSourceEnum" in schemas
