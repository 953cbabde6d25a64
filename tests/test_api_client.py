"""An integrator's view of the API: a Python client generated from the schema (openapi-python-client) reads a case
as a user would, and understands a refusal in the problem-details shape."""
import importlib
import json
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import httpx
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from mappa.accounts.services import create_token


def generated_client(schema: dict, directory: Path):
    """The client package generated from `schema` into `directory`, imported."""
    (directory / "schema.json").write_text(json.dumps(schema))
    generator = Path(sys.executable).parent / "openapi-python-client"
    subprocess.run([str(generator), "generate", "--path", str(directory / "schema.json"), "--meta", "none",
                    "--output-path", str(directory / "mappa_client")], check=True, capture_output=True, cwd=directory)
    sys.path.insert(0, str(directory))
    try:
        return importlib.import_module("mappa_client")
    finally:
        sys.path.remove(str(directory))


@contextmanager
def keeping_the_connection():
    """Requests handled in this process keep the test's database connection, as Django's test client does: a
    request's start and end would otherwise close it, inside the test's transaction (PostgreSQL then refuses every
    later query; SQLite's in-memory database is never closed, which hid it). Django's test client connects the
    signal again after each of its own requests, so this wraps only the generated client's."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_a_generated_client_reads_a_case_as_a_user(world, client, tmp_path):
    client.force_login(world.om)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    mappa_client = generated_client(schema, tmp_path)
    from mappa_client.api.nominals import v1_nominals_activities_list, v1_nominals_list, v1_nominals_retrieve
    from mappa_client.models import Problem

    token = create_token(actor=world.om, name="generated client", days=1)
    # The client's requests go to the application in this process (the test's database), as they would over HTTP.
    api = mappa_client.AuthenticatedClient(base_url="http://testserver", token=token,
                                           httpx_args={"transport": httpx.WSGITransport(app=get_wsgi_application())})
    with api, keeping_the_connection():
        person = v1_nominals_retrieve.sync(client=api, id=world.case.pk)
        assert (person.id, person.full_name) == (world.case.pk, world.case.full_name)
        assert person.version == world.case.version
        listed = v1_nominals_list.sync(client=api, q=world.case.last_name)
        assert world.case.pk in [row.id for row in listed.results]
        activities = v1_nominals_activities_list.sync(client=api, nominal_pk=world.case.pk)
        assert activities.count == len(activities.results) > 0

        refused = v1_nominals_retrieve.sync_detailed(client=api, id=world.south_case.pk)
        assert refused.status_code == 404 and isinstance(refused.parsed, Problem)
        assert refused.parsed.status == 404 and refused.parsed.type_ == "about:blank"
