"""Photos and documents: only real files of the allowed kinds and sizes are stored."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mappa.nominals.models import Document, Nominal

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def edit(client, world, **files):
    data = {"first_name": "Jonah", "last_name": "Davis", "gender": "male", "language": "English",
            "version": Nominal.objects.get(pk=world.case.pk).version}
    return client.post(f"/people/{world.case.pk}/edit/", {**data, **files})


def test_photo_upload_is_stored_and_shown(world, login):
    client = login(world.om)
    assert edit(client, world, photo=SimpleUploadedFile("me.png", PNG, "image/png")).status_code == 302
    nominal = Nominal.objects.get(pk=world.case.pk)
    assert nominal.photo.name.startswith("photos/")
    assert nominal.photo.read() == PNG
    assert b"".join(client.get(f"/people/{world.case.pk}/photo/").streaming_content) == PNG
    assert 'alt="Photo of Jonah Davis"' in client.get(f"/people/{world.case.pk}/").content.decode()


def test_renamed_file_is_refused_plainly(world, login):
    response = edit(login(world.om), world, photo=SimpleUploadedFile("me.png", b"MZ not an image", "image/png"))
    assert "The selected file is not a real PNG file" in response.content.decode()
    assert not Nominal.objects.get(pk=world.case.pk).photo


def test_wrong_kind_of_photo_is_refused(world, login):
    response = edit(login(world.om), world, photo=SimpleUploadedFile("me.exe", PNG))
    assert "The selected file must be a JPEG, JPG or PNG" in response.content.decode()


def test_photo_of_a_record_you_cannot_see_is_not_served(world, login):
    edit(login(world.om), world, photo=SimpleUploadedFile("me.png", PNG, "image/png"))
    assert login(world.south).get(f"/people/{world.case.pk}/photo/").status_code == 404


def test_document_upload_and_download(world, login):
    client = login(world.om)
    response = client.post(f"/people/{world.case.pk}/documents/new/", {
        "title": "Sexual harm prevention order", "kind": "court order",
        "file": SimpleUploadedFile("order.pdf", PDF, "application/pdf")})
    assert response.status_code == 302
    document = Document.objects.get()
    download = client.get(f"/people/{world.case.pk}/documents/{document.pk}/download/")
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="order' in download["Content-Disposition"]


def test_the_api_gives_a_working_download_link_under_the_same_policy(world, login):
    from django.test import Client

    from mappa.accounts import services as accounts
    from mappa.audit.models import Action, AuditEvent

    login(world.om).post(f"/people/{world.case.pk}/documents/new/", {
        "title": "Licence", "file": SimpleUploadedFile("licence.pdf", PDF, "application/pdf")})
    token = accounts.create_token(actor=world.om, name="script", days=1)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    listed = api.get(f"/api/v1/nominals/{world.case.pk}/documents/").json()["results"][0]
    assert listed["file"].startswith("http://testserver/api/v1/nominals/")
    download = api.get(listed["file"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="document", actor=world.om).exists()
    other = accounts.create_token(actor=world.south, name="script", days=1)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {other}").get(listed["file"]).status_code == 404


def test_document_too_big_or_missing_is_refused(world, login, settings):
    from mappa.nominals import rules

    client = login(world.om)
    page = client.post(f"/people/{world.case.pk}/documents/new/", {"title": "Order"}).content.decode()
    assert "Enter the file" in page or "Select" in page or "required" in page.lower()
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (rules.MAX_DOCUMENT_BYTES + 1), "application/pdf")
    page = client.post(f"/people/{world.case.pk}/documents/new/", {"title": "Order", "file": big}).content.decode()
    assert "The selected file must be smaller than 10MB" in page
    assert not Document.objects.exists()
