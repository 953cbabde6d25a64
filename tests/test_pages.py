"""What every page must do: strict CSP, protective marking, plain validation, no-JS forms."""
import html
import re

from mappa.nominals.models import Nominal


def test_strict_content_security_policy(world, login):
    response = login(world.om).get(f"/people/{world.case.pk}/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert re.search(r"script-src 'self' 'nonce-[^']+'", csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    page = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert " style=" not in page


def test_every_page_shows_its_protective_marking(world, login):
    client = login(world.om)
    assert client.get(f"/people/{world.case.pk}/").content.decode().count("OFFICIAL-SENSITIVE") >= 2
    assert "OFFICIAL" in client.get("/accounts/").content.decode()
    assert "OFFICIAL" in client.get("/accounts/sign-in/").content.decode()


def test_restricted_items_carry_their_marking(world, login):
    page = login(world.om).get(f"/people/{world.case.pk}/details/").content.decode()
    assert "OFFICIAL-SENSITIVE [VICTIM DETAILS]" in page


def test_no_gov_uk_crown(world, login):
    page = login(world.om).get("/").content.decode()
    assert "govuk-logo" not in page and "crown" not in page.lower() and "GOV.UK" not in page


def test_create_a_person_without_javascript(world, login):
    client = login(world.om)
    response = client.post("/people/new/", {
        "first_name": "Ann", "last_name": "Lee", "gender": "female", "language": "English",
        "date_of_birth_day": "1", "date_of_birth_month": "5", "date_of_birth_year": "1990", "manage": "1",
    })
    ann = Nominal.objects.get(last_name="Lee")
    assert response.status_code == 302 and response["Location"] == f"/people/{ann.pk}/"
    assert ann.manager == world.om


def test_errors_are_plain_and_listed_in_a_summary(world, login):
    response = login(world.om).post("/people/new/", {"first_name": "", "last_name": "", "gender": "male",
                                                     "date_of_birth_day": "1", "date_of_birth_year": "1990"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_first_name">Enter the first name' in page
    assert "Enter the last name" in page
    assert "Date of birth must include a month" in page
    assert page.count("<title>Error:") == 1
    assert not Nominal.objects.filter(first_name="").exists()


def test_item_validation_messages(world, login):
    client = login(world.om)
    page = client.post(f"/people/{world.case.pk}/contacts/new/", {"kind": "email", "value": "not-an-email"}).content.decode()
    assert "Enter an email address in the correct format" in page
    page = client.post(f"/people/{world.case.pk}/addresses/new/", {"status": "current", "kind": "home",
                                                                   "moved_in_day": "1", "moved_in_month": "1", "moved_in_year": "2020",
                                                                   "moved_out_day": "1", "moved_out_month": "1", "moved_out_year": "2019",
                                                                   "line1": "1 Road"}).content.decode()
    assert "Date moved out must be on or after 1 January 2020" in page


def test_child_at_address_is_flagged(world, login):
    client = login(world.om)
    client.post(f"/people/{world.case.pk}/occupants/new/", {"address": world.address.pk, "name": "Sam",
                                                            "relationship": "partner's son", "under_18": "on"})
    page = client.get(f"/people/{world.case.pk}/details/").content.decode()
    assert "Someone under 18 lives here" in page


def test_activity_log_search_and_pagination(world, login):
    client = login(world.om)
    for n in range(25):
        client.post(f"/people/{world.case.pk}/activities/new/", {
            "kind": "contact", "summary": f"Phone call {n}", "occurred_on_day": "1", "occurred_on_month": "3",
            "occurred_on_year": "2024", "occurred_time": "10:00"})
    page = client.get(f"/people/{world.case.pk}/activities/").content.decode()
    assert "govuk-pagination" in page
    page = client.get(f"/people/{world.case.pk}/activities/", {"text": "visit"}).content.decode()
    assert "Home visit, no concerns" in page and "Phone call" not in page
    page = client.get(f"/people/{world.case.pk}/activities/", {"kind": "contact", "page": 2}).content.decode()
    assert "Phone call" in page


def test_empty_states(world, login):
    page = login(world.om).get(f"/people/{world.unallocated.pk}/details/").content.decode()
    assert "None recorded." in page
    assert "Unallocated" in page


def _not_stored(response) -> bool:
    return "no-store" in response.get("Cache-Control", "") and response.get("Pragma") == "no-cache"


def test_nothing_with_case_data_is_kept_in_a_cache(world, login):
    client = login(world.om)
    for path in [f"/people/{world.case.pk}/", "/", f"/api/v1/nominals/{world.case.pk}/",
                 f"/api/v1/nominals/{world.case.pk}/addresses/", f"/people/{world.case.pk}/export/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert _not_stored(response), path
    not_found = client.get("/people/999999/")
    assert not_found.status_code == 404 and _not_stored(not_found)


def test_a_view_that_chose_its_own_caching_keeps_it(client):
    response = client.get("/favicon.ico")
    assert response["Cache-Control"] == "max-age=86400, public" and "Pragma" not in response


def test_https_settings_come_from_the_environment(monkeypatch, tmp_path):
    import runpy
    from pathlib import Path

    import mappa

    path = Path(mappa.__file__).parent / "settings.py"
    monkeypatch.setenv("MAPPA_VAR_DIR", str(tmp_path))
    for name in ["MAPPA_HTTPS", "MAPPA_SECURE_COOKIES", "MAPPA_HSTS_SECONDS", "MAPPA_PROXY_SSL_HEADER"]:
        monkeypatch.delenv(name, raising=False)
    plain = runpy.run_path(str(path))
    assert not plain["SESSION_COOKIE_SECURE"] and not plain.get("SECURE_HSTS_SECONDS")
    assert plain.get("SECURE_PROXY_SSL_HEADER") is None
    monkeypatch.setenv("MAPPA_HTTPS", "on")
    served = runpy.run_path(str(path))
    assert served["SESSION_COOKIE_SECURE"] and served["CSRF_COOKIE_SECURE"]
    assert served["SECURE_HSTS_SECONDS"] == 31536000
    assert served["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    monkeypatch.setenv("MAPPA_PROXY_SSL_HEADER", "")  # no proxy in front: the header is not trusted
    assert runpy.run_path(str(path)).get("SECURE_PROXY_SSL_HEADER") is None
    monkeypatch.delenv("MAPPA_HTTPS")
    monkeypatch.setenv("MAPPA_SECURE_COOKIES", "on")  # the older name still turns HTTPS on
    assert runpy.run_path(str(path))["SECURE_HSTS_SECONDS"] == 31536000


def test_a_request_that_came_over_https_is_told_to_stay_on_it(world, login, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = login(world.om)
    response = client.get(f"/people/{world.case.pk}/", HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get(f"/people/{world.case.pk}/")  # plain HTTP: not sent


# ---- partners are chosen by the lead agency -----------------------------------------------------------

def test_a_partner_may_neither_add_partners_nor_end_anothers_partnership(world, login):
    from mappa.nominals.models import Partner

    client = login(world.police)
    children = Partner.objects.get(nominal=world.case, user=world.children, ended_at__isnull=True)
    page = client.get(f"/people/{world.case.pk}/partners/").content.decode()
    assert "Add a partner" not in page and f"/partners/{children.pk}/end/" not in page
    added = client.post(f"/people/{world.case.pk}/partners/", {"user": world.health.pk, "reason": "Mental health"})
    assert added.status_code == 403 and "record's manager" in html.unescape(added.content.decode())
    ended = client.post(f"/people/{world.case.pk}/partners/{children.pk}/end/")
    assert ended.status_code == 403 and "only your own" in html.unescape(ended.content.decode())
    assert not Partner.objects.filter(nominal=world.case, user=world.health).exists()
    children.refresh_from_db()
    assert children.ended_at is None


def test_a_partner_may_end_their_own_partnership(world, login):
    from mappa.audit.models import AuditEvent
    from mappa.nominals.models import Partner

    own = Partner.objects.get(nominal=world.case, user=world.housing, ended_at__isnull=True)
    client = login(world.housing)  # a read-only partner: leaving takes nothing from anyone else
    assert f"/partners/{own.pk}/end/" in client.get(f"/people/{world.case.pk}/partners/").content.decode()
    assert client.post(f"/people/{world.case.pk}/partners/{own.pk}/end/").status_code == 302
    own.refresh_from_db()
    assert own.ended_at is not None
    assert AuditEvent.objects.filter(object_type="partner", object_id=str(own.pk), actor=world.housing).exists()


def test_the_manager_team_supervisors_and_area_coordinator_choose_partners(world, login):
    from mappa.audit.models import AuditEvent
    from mappa.nominals import services
    from mappa.nominals.models import Partner

    for actor, user in ((world.om, world.health), (world.probation_sup, world.police_sup), (world.coordinator, world.colleague)):
        response = login(actor).post(f"/people/{world.case.pk}/partners/", {"user": user.pk, "reason": "Needed"})
        assert response.status_code == 302, actor
        partner = Partner.objects.get(nominal=world.case, user=user, ended_at__isnull=True)
        assert AuditEvent.objects.filter(object_type="partner", object_id=str(partner.pk), actor=actor, action="create").exists()
    police = Partner.objects.get(nominal=world.case, user=world.police, ended_at__isnull=True)
    assert login(world.coordinator).post(f"/people/{world.case.pk}/partners/{police.pk}/end/").status_code == 302
    police.refresh_from_db()
    assert police.ended_at is not None
    # Someone in the record's team who neither manages it nor supervises may not.
    import pytest
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.add_partner(actor=world.colleague, nominal=world.case, user=world.police)


def test_an_activity_today_without_a_time_is_accepted_in_the_morning_and_an_earlier_one_shows_no_time(world, login):
    """A blank time was stored as midday, and an entry for today made before noon was refused as in the future."""
    import datetime
    from unittest import mock

    from django.utils import timezone

    from mappa.nominals.models import Activity

    morning = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(9, 15)))
    client = login(world.om)
    today, earlier = morning.date(), morning.date() - datetime.timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=morning):
        for summary, day in (("Called this morning", today), ("Called on Monday", earlier)):
            response = client.post(f"/people/{world.case.pk}/activities/new/", {
                "kind": "contact", "summary": summary, "occurred_on_day": day.day, "occurred_on_month": day.month,
                "occurred_on_year": day.year, "occurred_time": ""})
            assert response.status_code == 302, response.content.decode()[:2000]
        page = client.get(f"/people/{world.case.pk}/activities/").content.decode()
    now_entry = Activity.objects.get(summary="Called this morning")
    assert now_entry.occurred_at == morning and now_entry.time_known
    assert "9:15am" in page
    past = Activity.objects.get(summary="Called on Monday")
    assert not past.time_known
    entry = page.split("Called on Monday")[1].split("</li>")[0]
    assert f"{earlier.day} {earlier:%B %Y}" in entry and "midday" not in entry and "12pm" not in entry


def test_an_emergency_officer_who_finds_no_one_is_pointed_to_emergency_access(world, login):
    """"No one you can see matches" was a dead end for an officer who sees only records given to them."""
    page = login(world.officer).get("/people/", {"q": "Jonah Davis"}).content.decode()
    pointer = page.split('data-testid="emergency-pointer"')[1].split("</p>")[0]
    assert 'href="/emergency-access/?identifier=' in pointer and "ask for emergency access" in pointer
    ordinary = login(world.om).get("/people/", {"q": "Nobody Atall"}).content.decode()
    assert "No one you can see matches" in ordinary and "emergency-pointer" not in ordinary


def test_the_home_page_opens_on_a_list_with_cases(world, login):
    """A practitioner who is only a partner on cases opened on an empty list of cases they manage."""
    page = login(world.children).get("/").content.decode()
    assert 'aria-current="page" href="?show=partner"' in page and "Jonah" in page
    mine = login(world.om).get("/").content.decode()
    assert 'aria-current="page" href="?show=mine"' in mine  # their usual list, which has cases
    asked = login(world.children).get("/?show=mine").content.decode()
    assert 'aria-current="page" href="?show=mine"' in asked  # a list asked for by name is kept


def test_each_notification_has_its_own_dismiss_button_name(world, login):
    from mappa.core.models import Notification

    for n in range(3):
        Notification.objects.create(recipient=world.om, kind="note", message=f"Something happened {n}")
    Notification.objects.create(recipient=world.om, kind="note", message="Something happened 0")
    page = login(world.om).get("/").content.decode()
    names = re.findall(r"(?s)<button[^>]*>(Dismiss.*?)</button>", page)
    assert len(names) == 4 and len(set(names)) == 4
    assert all('govuk-visually-hidden">' in name for name in names)


def test_the_empty_choice_of_a_list_says_what_to_choose_and_a_required_radio_has_none(world, login):
    page = login(world.om).get(f"/people/{world.case.pk}/identifiers/new/").content.decode()
    assert "- Select an option -" not in page and "---------" not in page
    assert '<option value="" selected>Choose the kind</option>' in page


def test_a_refusal_is_listed_once_in_the_error_summary():
    from django import forms

    from mappa.core.templatetags.govuk import govuk_error_summary

    class F(forms.Form):
        address = forms.CharField(required=False)

    form = F({"address": "x"})
    form.is_valid()
    form.add_error("address", "Choose one of this person's addresses")
    form.add_error("address", "Choose one of this person's addresses")
    form.add_error(None, "Choose one of this person's addresses")
    assert [e["text"] for e in govuk_error_summary(form)["errors"]] == ["Choose one of this person's addresses"]


def test_the_case_header_captions_the_page_and_gives_the_record_number_in_words(world, login):
    page = login(world.om).get(f"/people/{world.case.pk}/").content.decode()
    assert '<span class="govuk-visually-hidden">Case record: </span>DAVIS, Jonah' in page
    assert f"<dt>Record number</dt><dd>{world.case.pk}</dd>" in page
